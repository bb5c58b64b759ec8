"""Stored files (uploaded documents, certificate PDFs): kept outside any static folder under a random key.

A key is 32 random hex characters, so nothing about the original name reaches the store. Two stores, chosen by
``STORAGE_URL``: empty (the default) keeps files in ``UPLOAD_FOLDER/<k[:2]>/<k[2:4]>/<k>``; ``s3://bucket/prefix``
keeps them as objects ``prefix/<k[:2]>/<k[2:4]>/<k>`` of an S3-compatible store (``accreditation.object_store``),
so every web and worker node reads what another one stored. Either way a stored file is complete or absent (a
temporary file renamed into place; an object that exists only once its upload completed), and its SHA-256 is
recorded with it and checked when it is read (``ChecksumMismatch`` at the end of a stream that does not match).
Callers record the key (and the SHA-256) in the database in their own transaction; a file stored in a transaction
that is rolled back is removed (``discard_on_rollback``), one whose row is deleted once the deletion commits
(``discard_on_commit``). A store that cannot be reached raises ``StorageUnavailable`` (503), nothing stored.

The interface a backup uses: ``current_store()`` gives ``objects()`` (every key with its size and SHA-256),
``open(key)`` (a stream) and ``put(key, stream)``.
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
from functools import partial
from pathlib import Path
from typing import IO

from flask import current_app
from sqlalchemy.orm import Session

from accreditation.object_store.base import (
    CHUNK,
    KEY,
    ChecksumMismatch,
    LocalStore,
    StorageUnavailable,
    Store,
    StoredFile,
    VerifiedReader,
    check_key,
    relative_path,
)
from accreditation.transactions import on_commit, on_rollback

__all__ = ["KEY", "ChecksumMismatch", "StorageUnavailable", "Store", "StoredFile", "current_store", "store_bytes"]


def store_from_config(config: dict) -> Store:
    url = (config.get("STORAGE_URL") or "").strip()
    if not url:
        return LocalStore(config["UPLOAD_FOLDER"])
    from accreditation.object_store.s3 import S3Store

    return S3Store.from_config(url, config)


def current_store() -> Store:
    """This application's store (built once per application and process from its configuration: a worker's pool
    process forked from its parent builds its own, its connections unshared)."""
    store = current_app.extensions.get("storage")
    if store is None or current_app.extensions.get("storage_pid", os.getpid()) != os.getpid():
        store = current_app.extensions["storage"] = store_from_config(current_app.config)
        current_app.extensions["storage_pid"] = os.getpid()
    return store


def ping() -> None:
    """Raise when this application's store cannot take files now (``/readyz``)."""
    current_store().ping()


def storage_root() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def path_of(key: str) -> Path:
    """Where the file with ``key`` lives in the local store; ValueError for anything that is not a key."""
    return storage_root() / relative_path(key)


def store_stream(stream: IO[bytes]) -> StoredFile:
    """Store ``stream`` (read to its end) under a new random key."""
    return current_store().put(secrets.token_hex(16), stream)


def store_bytes(content: bytes) -> StoredFile:
    """Store ``content`` under a new random key."""
    return store_stream(io.BytesIO(content))


def open_stored(key: str, sha256: str | None = None) -> VerifiedReader:
    """The stored file ``key`` as a stream, checked against ``sha256`` as it is read (FileNotFoundError when it is
    absent). Close it (``with``)."""
    return VerifiedReader(current_store().open(check_key(key)), key, sha256)


def read_bytes(key: str, sha256: str | None = None) -> bytes:
    """A (small) stored file whole, e.g. a certificate's PDF."""
    with open_stored(key, sha256) as stream:
        return stream.read()


def copy_to(key: str, target: IO[bytes], sha256: str | None = None) -> None:
    """Stream the stored file ``key`` into ``target``, checked against ``sha256``."""
    with open_stored(key, sha256) as stream:
        shutil.copyfileobj(stream, target, CHUNK)


def discard(key: str) -> None:
    """Remove a stored file (after the transaction that would have recorded it failed)."""
    current_store().delete(check_key(key))


def _delete(store: Store, key: str) -> None:
    store.delete(key)


def discard_on_rollback(session: Session, key: str) -> None:
    """Remove the stored file ``key`` again if the session's transaction is rolled back instead of committed."""
    on_rollback(session, partial(_delete, current_store(), check_key(key)))


def discard_on_commit(session: Session, key: str) -> None:
    """Remove the stored file ``key`` once the session's transaction commits (it deleted the file's row); keep it
    if the transaction is rolled back."""
    on_commit(session, partial(_delete, current_store(), check_key(key)))
