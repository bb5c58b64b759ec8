"""What every store shares (``accreditation.storage`` picks one): the key's form, the stored file's record, the
errors, the local folder store, and the reader that checks a file's SHA-256 as it streams."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import IO, Protocol

from flask_babel import gettext as _

from accreditation.applications.errors import ApplicationError

KEY = re.compile(r"^[0-9a-f]{32}$")
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str


class StorageUnavailable(ApplicationError):
    """The store did not answer (or failed) while storing or reading; nothing was stored."""

    status = 503

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(
            _(
                "The document store cannot be reached just now, so nothing was stored. "
                "Please try again in a few minutes."
            )
        )


class ChecksumMismatch(OSError):
    """A stored file whose content no longer matches the SHA-256 recorded when it was stored."""


class Store(Protocol):
    """What a store does; keys are checked by the caller (``check_key``)."""

    def put(self, key: str, stream: IO[bytes]) -> StoredFile:
        """Store ``stream`` (read to its end, never whole in memory) under ``key``: complete or absent."""

    def open(self, key: str) -> IO[bytes]:
        """The stored bytes as a stream (FileNotFoundError when there is none); the caller closes it."""

    def delete(self, key: str) -> None:
        """Remove ``key`` (nothing when it is absent)."""

    def objects(self) -> Iterator[StoredFile]:
        """Every stored file, with its size and SHA-256."""

    def ping(self) -> None:
        """Raise when the store cannot take files now (readiness)."""

    def clean(self, older_than: timedelta) -> int:
        """Remove what uploads that never finished left behind, begun longer ago than ``older_than``; how many."""


def check_key(key: str) -> str:
    """``key`` itself; ValueError for anything that is not a key (no path or object name ever comes in)."""
    if not isinstance(key, str) or not KEY.match(key):
        raise ValueError("not a storage key")
    return key


def relative_path(key: str) -> str:
    check_key(key)
    return f"{key[:2]}/{key[2:4]}/{key}"


def hashed_copy(source: IO[bytes], target: IO[bytes]) -> tuple[int, str]:
    """Copy ``source`` to ``target`` in chunks; the size and SHA-256 of what was copied."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


class LocalStore:
    """Files in a folder of this machine (the embedded default)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / relative_path(key)

    def put(self, key: str, stream: IO[bytes]) -> StoredFile:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                size, sha256 = hashed_copy(stream, file)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return StoredFile(key, size, sha256)

    def open(self, key: str) -> IO[bytes]:
        return self.path(key).open("rb")

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def ping(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise PermissionError(f"{self.root} is not writable")

    def clean(self, older_than: timedelta) -> int:
        """Remove the temporary files of uploads that never finished (their process ended mid-write) older than
        ``older_than``; how many."""
        cutoff, removed = time.time() - older_than.total_seconds(), 0
        for path in self.root.glob("??/??/.incoming-*") if self.root.is_dir() else ():
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def objects(self) -> Iterator[StoredFile]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/??/*")):
            if path.is_file() and KEY.match(path.name):
                digest = hashlib.sha256()
                with path.open("rb") as file:
                    while chunk := file.read(CHUNK):
                        digest.update(chunk)
                yield StoredFile(path.name, path.stat().st_size, digest.hexdigest())


class VerifiedReader:
    """A read-only stream over ``raw`` that hashes what passes and raises ChecksumMismatch at the end when the
    content is not the one recorded (``expected``; None: nothing to check)."""

    def __init__(self, raw: IO[bytes], key: str, expected: str | None) -> None:
        self.raw, self.key, self.expected = raw, key, expected
        self.digest = hashlib.sha256()

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(partial(self.read, CHUNK), b""))
        chunk = self.raw.read(size)
        if chunk:
            self.digest.update(chunk)
        elif self.expected and self.digest.hexdigest() != self.expected:
            raise ChecksumMismatch(f"stored file {self.key} does not match its recorded SHA-256")
        return chunk

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> VerifiedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(CHUNK):
            yield chunk
