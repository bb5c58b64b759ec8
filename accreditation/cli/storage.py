"""`flask storage …`: copy a local store into the configured object store, every SHA-256 checked."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Certificate, DocumentFile
from accreditation.object_store.base import CHUNK, LocalStore, StorageUnavailable, StoredFile
from accreditation.storage import Store, current_store


@click.group("storage")
def storage() -> None:
    """Stored files: documents and certificate PDFs."""


def recorded_sha256() -> dict[str, str]:
    """Every key the database records, with the SHA-256 recorded for it."""
    recorded = {
        key: sha256 for key, sha256 in db.session.execute(select(DocumentFile.storage_key, DocumentFile.sha256))
    }
    for key, sha256 in db.session.execute(
        select(Certificate.pdf_key, Certificate.pdf_sha256).where(Certificate.pdf_key.is_not(None))
    ):
        recorded[key] = sha256 or ""
    return recorded


def sha256_in(store: Store, key: str) -> str | None:
    """The SHA-256 of ``key`` as read back from ``store`` (None when it is absent)."""
    digest = hashlib.sha256()
    try:
        with store.open(key) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


def migrate_file(source: LocalStore, target: Store, found: StoredFile, recorded: str | None) -> str:
    """Copy one file; "copied" or "present"; ValueError with one line when a SHA-256 does not match."""
    if recorded and recorded != found.sha256:
        raise ValueError(f"{found.key}: the local file's SHA-256 differs from the one the database recorded")
    if sha256_in(target, found.key) == found.sha256:
        return "present"
    with source.open(found.key) as stream:
        stored = target.put(found.key, stream)
    if stored.sha256 != found.sha256 or sha256_in(target, found.key) != found.sha256:
        raise ValueError(f"{found.key}: the copy in the object store does not match the local file's SHA-256")
    return "copied"


@storage.command("migrate")
@click.option(
    "--from",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="The local store to copy (default: UPLOAD_FOLDER).",
)
@with_appcontext
def migrate_command(folder: Path | None) -> None:
    """Copy every file of the local store into the object store of STORAGE_URL, checking each SHA-256 against the
    database's record and reading each copy back. Files already there are left alone: run it again at will."""
    if not current_app.config.get("STORAGE_URL"):
        raise click.ClickException("STORAGE_URL is not set: name the object store (s3://bucket/prefix) to copy into")
    source = LocalStore(folder or current_app.config["UPLOAD_FOLDER"])
    if not source.root.is_dir():
        raise click.ClickException(f"no local store at {source.root}")
    target = current_store()
    try:
        target.ping()
    except StorageUnavailable as error:
        raise click.ClickException(f"the object store does not answer: {error.detail.splitlines()[0]}") from None
    recorded = recorded_sha256()
    counts = {"copied": 0, "present": 0}
    problems: list[str] = []
    seen: set[str] = set()
    for found in source.objects():
        seen.add(found.key)
        try:
            counts[migrate_file(source, target, found, recorded.get(found.key))] += 1
        except (ValueError, StorageUnavailable) as error:
            problems.append(str(error) if isinstance(error, ValueError) else f"{found.key}: {error.detail}")
            click.echo(f"error: {problems[-1]}", err=True)
    missing = set(recorded) - seen
    click.echo(
        f"{counts['copied']} files copied, {counts['present']} already there, {len(problems)} failed; "
        f"{len(missing)} recorded in the database but not in {source.root}"
    )
    if problems:
        raise SystemExit(1)


@storage.command("clean")
@click.option("--older-than", "hours", type=click.IntRange(min=1), default=24, show_default=True, help="Hours.")
@with_appcontext
def clean_command(hours: int) -> None:
    """Remove what uploads that never finished left in the store (an object store's unfinished multipart uploads,
    the local folder's temporary files), begun more than HOURS ago. Finished files are never touched."""
    try:
        removed = current_store().clean(timedelta(hours=hours))
    except StorageUnavailable as error:
        raise click.ClickException(f"the store does not answer: {error.detail.splitlines()[0]}") from None
    click.echo(f"{removed} unfinished uploads removed")
