"""`flask certificates …`: the expiry sweep now, and the credential signing key."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from accreditation.certificates.archive import ArchiveError, build_archive
from accreditation.certificates.keys import current_issuer, new_key_pem
from accreditation.reminders.timed_events import due_events, expire_certificates, fire_due


@click.group("certificates")
def certificates() -> None:
    """Certificates: expiry, renewal, and the key that signs their credentials."""


@certificates.command("sweep")
@with_appcontext
def sweep_command() -> None:
    """Fire the timers' events due now (expire, open renewal, open re-assessment) and expire overdue certificates."""
    counts = fire_due(due_events())
    expired = expire_certificates()
    click.echo(f"{counts['fired']} events fired, {counts['skipped']} skipped, {expired} certificates expired")


@certificates.command("new-key")
def new_key_command() -> None:
    """Print a new Ed25519 private key (PEM) for CREDENTIAL_SIGNING_KEY."""
    click.echo(new_key_pem(), nl=False)


@certificates.command("public-key")
@with_appcontext
def public_key_command() -> None:
    """Print the issuer's DID and public key (what /.well-known/did.json publishes)."""
    issuer = current_issuer()
    click.echo(f"{issuer.did} {issuer.multibase}")


@certificates.command("archive")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@click.option("--language", default="en", show_default=True, help="Language of the archive's page.")
@with_appcontext
def archive_command(destination: Path, language: str) -> None:
    """Write every certificate ever issued into DESTINATION (a new or empty folder): a static site that verifies
    them offline in a browser (signed credentials, the public key, the signed status lists)."""
    from accreditation.i18n import supported_locales

    if language not in supported_locales():
        raise click.ClickException(f"unknown language {language!r} (one of {', '.join(supported_locales())})")
    try:
        count = build_archive(destination, language)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{count} certificates archived in {destination}; open {destination / 'index.html'} in a browser")
