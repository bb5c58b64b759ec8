"""Stored files (uploaded documents, certificate PDFs): kept outside any static folder under a random key.

A key is 32 random hex characters; the file lives at ``UPLOAD_FOLDER/<k[:2]>/<k[2:4]>/<k>``, so nothing about the
original name reaches the file system. Writes go to a temporary file first and are renamed into place, so a
stored file is either complete or absent. Callers record the key (and the SHA-256) in the database in their own
transaction, and call ``discard`` if that transaction fails. A file whose row is deleted is removed once the
deletion commits (``discard_on_commit``).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from accreditation.transactions import on_commit, on_rollback

KEY = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str


def storage_root() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def path_of(key: str) -> Path:
    """Where the file with ``key`` lives; ValueError for anything that is not a key (no path ever comes in)."""
    if not KEY.match(key):
        raise ValueError("not a storage key")
    return storage_root() / key[:2] / key[2:4] / key


def store_bytes(content: bytes) -> StoredFile:
    """Store ``content`` under a new random key."""
    key = secrets.token_hex(16)
    target = path_of(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return StoredFile(key, len(content), hashlib.sha256(content).hexdigest())


def read_bytes(key: str) -> bytes:
    return path_of(key).read_bytes()


def discard(key: str) -> None:
    """Remove a stored file (after the transaction that would have recorded it failed)."""
    path_of(key).unlink(missing_ok=True)


def _unlink(root: Path, key: str) -> None:
    (root / key[:2] / key[2:4] / key).unlink(missing_ok=True)


def discard_on_rollback(session: Session, key: str) -> None:
    """Remove the stored file ``key`` again if the session's transaction is rolled back instead of committed."""
    on_rollback(session, partial(_unlink, storage_root(), key))


def discard_on_commit(session: Session, key: str) -> None:
    """Remove the stored file ``key`` once the session's transaction commits (it deleted the file's row); keep it
    if the transaction is rolled back."""
    on_commit(session, partial(_unlink, storage_root(), key))
