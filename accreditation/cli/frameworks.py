"""`flask frameworks …`: list the framework versions, and publish a new one (moving open self-assessments)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from accreditation.applications.runtime import current_workflows


@click.group("frameworks")
def frameworks() -> None:
    """Assessment frameworks: their versions, and publishing a new one."""


@frameworks.command("list")
@with_appcontext
def list_command() -> None:
    """Print each framework with its versions and number of criteria."""
    loaded = current_workflows().frameworks
    for code in loaded:
        versions = ", ".join(f"v{f.version} ({len(f.criteria)} criteria)" for f in loaded.versions(code))
        click.echo(f"{code}: {versions}")


@frameworks.command("publish")
@click.argument("code")
@click.option("--version", "version", type=int, default=None, help="The version to move to (default: the newest).")
@with_appcontext
def publish_command(code: str, version: int | None) -> None:
    """Move the self-assessments schools are still working on to CODE's newest version (or --version)."""
    from accreditation.assessment.versions import publish_framework
    from accreditation.extensions import db

    loaded = current_workflows().frameworks
    if code not in loaded:
        click.echo(f"error: unknown framework {code!r}; known: {', '.join(loaded.codes()) or 'none'}", err=True)
        raise SystemExit(1)
    if version is not None and version not in {f.version for f in loaded.versions(code)}:
        click.echo(f"error: {code} has no version {version}", err=True)
        raise SystemExit(1)
    report = publish_framework(code, version)
    db.session.commit()
    click.echo(
        f"{code} v{report.framework.version}: moved {len(report.moved)} self-assessment(s), "
        f"dropped {report.answers_dropped} answer(s) of removed criteria, left {len(report.left)} under review "
        "on their version."
    )
