"""``flask backup DEST``, ``flask restore SRC`` and ``flask metrics serve`` (a worker machine's own /metrics)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from accreditation.ops.backup import BackupError
from accreditation.ops.backup import backup as write_backup
from accreditation.ops.backup import restore as read_backup


@click.command("backup")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--manifest-only",
    is_flag=True,
    help="List the stored files with their SHA-256, without copying them (an object store keeping its own copies).",
)
@with_appcontext
def backup(destination: Path, manifest_only: bool) -> None:
    """Back up the database (one consistent dump) and the stored files into DESTINATION, a new folder."""
    try:
        outcome = write_backup(destination, manifest_only=manifest_only)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"backup written to {destination}: schema {outcome.revision}, {outcome.files} files, {outcome.bytes} bytes"
    )
    if outcome.vanished:
        click.echo(f"warning: {len(outcome.vanished)} files were deleted while the backup ran (see the manifest)")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def restore(source: Path) -> None:
    """Restore the backup in SOURCE into the configured database (it must be empty) and store, checking every
    SHA-256. Then run `flask db upgrade` if this version's migrations are newer than the backup."""
    try:
        outcome = read_backup(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"restored from {source}: schema {outcome.revision}, {outcome.files} files, {outcome.bytes} bytes")


@click.group("metrics")
def metrics() -> None:
    """Prometheus metrics of this machine's processes."""


@metrics.command("serve")
@click.option("--address", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=9101, show_default=True, type=int, help="Port to listen on.")
def serve(address: str, port: int) -> None:
    """Serve the figures of every process writing to PROMETHEUS_MULTIPROC_DIR (a worker machine with no web node),
    without a token: bind it to an address only Prometheus reaches."""
    from wsgiref.simple_server import make_server

    from prometheus_client import make_wsgi_app

    from accreditation.ops.metrics_view import process_registry

    server = make_server(address, port, make_wsgi_app(process_registry()))
    click.echo(f"metrics on http://{address}:{port}/metrics")
    server.serve_forever()
