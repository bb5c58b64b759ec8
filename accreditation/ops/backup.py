"""``flask backup`` and ``flask restore``: the database dumped consistently, and the stored documents.

A backup is a folder: ``database.pgdump`` (``pg_dump --format=custom``, one snapshot) or ``database.sqlite`` (SQLite's
online backup API), ``store/`` with every stored file (laid out by key; with ``--manifest-only`` only listed, for an
object store that keeps its own copies), and ``manifest.json``, written last, naming the schema's revision, the
dump's SHA-256 and every stored file's key, size and SHA-256. The dump comes first: a file stored later is at most
one more file, and files are only removed after the deletion of their row commits.

Restoring needs an empty database and checks every SHA-256 on the way in (the dump's and each file's).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import URL, Engine

from accreditation.extensions import db
from accreditation.storage import LocalStore, current_store

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite"}
OTHER_SCHEMAS = (
    "SELECT nspname FROM pg_namespace WHERE left(nspname, 3) <> 'pg_'"
    " AND nspname NOT IN ('public', 'information_schema') ORDER BY nspname"
)


class BackupError(RuntimeError):
    """The backup or restore cannot go on; the message is one line an operator can act on."""


@dataclass(frozen=True)
class Outcome:
    revision: str
    files: int
    bytes: int
    vanished: list[str] = field(default_factory=list)  # files deleted while the backup ran (listed, then gone)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore (its password in the environment, not on the command line)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return plain, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (install PostgreSQL's client programs, same major version)")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{command[0]}: {last}")


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("the SQLite database is in memory: nothing to back up or restore into")
    return Path(url.database)


def _revision(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def dump_database(engine: Engine, target: Path) -> None:
    url = engine.url
    if url.get_backend_name() == "postgresql":
        plain, env = _libpq(url)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", plain], env)
    else:
        with sqlite3.connect(_sqlite_file(url)) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # one consistent snapshot, even while others write


def backup(destination: Path, manifest_only: bool = False) -> Outcome:
    """Write a backup into ``destination`` (a new or empty folder)."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise BackupError(f"{destination} exists and is not an empty folder: give a new one")
    engine = db.engine
    dialect = engine.url.get_backend_name()
    if dialect not in DUMPS:
        raise BackupError(f"cannot back up a {dialect} database")
    destination.mkdir(parents=True, exist_ok=True)
    revision = _revision(engine)
    dump = destination / DUMPS[dialect]
    dump_database(engine, dump)
    copies = LocalStore(destination / "store")
    store = current_store()
    objects, vanished, total = [], [], 0
    for stored in store.objects():
        if not manifest_only:
            try:
                with store.open(stored.key) as source:
                    copied = copies.put(stored.key, source)
            except FileNotFoundError:  # deleted since it was listed: its row's deletion committed meanwhile
                vanished.append(stored.key)
                continue
            if copied.sha256 != stored.sha256:
                raise BackupError(f"stored file {stored.key} changed while it was copied: run the backup again")
        objects.append({"key": stored.key, "size": stored.size, "sha256": stored.sha256})
        total += stored.size
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {"dialect": dialect, "file": dump.name, "sha256": _sha256_of(dump), "revision": revision},
        "store": {"files_included": not manifest_only, "objects": objects, "vanished": vanished},
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return Outcome(revision, len(objects), total, vanished)


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} has no {MANIFEST}: not a backup, or an unfinished one") from None
    except ValueError:
        raise BackupError(f"{source / MANIFEST} is not valid JSON") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is a backup of format {manifest.get('format')!r}, this version reads {FORMAT}")
    return manifest


def _refuse_non_empty(engine: Engine) -> None:
    """A restore goes into an empty database: no table, and on PostgreSQL no schema but ``public``."""
    names = inspect(engine).get_table_names()
    if names:
        raise BackupError(
            f"the database {engine.url.database} already has tables ({len(names)}): restore into a new, empty one"
        )
    if engine.url.get_backend_name() == "postgresql":
        with engine.connect() as connection:
            schemas = connection.execute(text(OTHER_SCHEMAS)).scalars().all()
        if schemas:
            raise BackupError(
                f"the database {engine.url.database} already has schemas ({', '.join(schemas)}): "
                "restore into a new, empty one"
            )


def restore_database(engine: Engine, dump: Path, dialect: str) -> None:
    if engine.url.get_backend_name() != dialect:
        raise BackupError(f"the backup is of a {dialect} database; DATABASE_URL is {engine.url.get_backend_name()}")
    _refuse_non_empty(engine)
    engine.dispose()
    if dialect == "postgresql":
        plain, env = _libpq(engine.url)
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        _run([*command, f"--dbname={plain}", str(dump)], env)
    else:
        with sqlite3.connect(dump) as source, sqlite3.connect(_sqlite_file(engine.url)) as target:
            source.backup(target)
    engine.dispose()


def restore(source: Path) -> Outcome:
    """Restore the backup in ``source`` into the configured (empty) database and store."""
    manifest = read_manifest(source)
    database = manifest["database"]
    dump = source / database["file"]
    if not dump.is_file() or _sha256_of(dump) != database["sha256"]:
        raise BackupError(f"{dump} is missing or does not match the SHA-256 in the manifest")
    restore_database(db.engine, dump, database["dialect"])
    store, copies = current_store(), LocalStore(source / "store")
    present = {stored.key: stored.sha256 for stored in store.objects()}
    total = 0
    for entry in manifest["store"]["objects"]:
        key, sha256 = entry["key"], entry["sha256"]
        if key in present:
            if present[key] != sha256:
                raise BackupError(f"the store already holds {key} with other content: restore into an empty store")
        elif not manifest["store"]["files_included"]:
            raise BackupError(f"{key} is not in the store and this backup holds only its manifest")
        else:
            with copies.open(key) as file:
                stored = store.put(key, file)
            if stored.sha256 != sha256:
                store.delete(key)
                raise BackupError(f"{key} in the backup does not match its SHA-256: the backup is damaged")
        total += entry["size"]
    with db.engine.connect() as connection:
        restored = connection.execute(select(text("version_num")).select_from(text("alembic_version"))).scalar_one()
    return Outcome(restored, len(manifest["store"]["objects"]), total)
