"""The store of documents as the backup sees it: ``put``, ``open`` and ``objects`` (key, size, SHA-256).

``accreditation.storage.current_store`` gives the configured store (the local folder or S3); where it does not exist,
a folder of this machine laid out as ``storage.py`` lays it out stands in. ``Folder`` also holds a backup's copies.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from flask import current_app

from accreditation import storage

CHUNK = 1024 * 1024


def copy_hashed(source: IO[bytes], target: IO[bytes]) -> tuple[int, str]:
    """Copy in chunks; the size and SHA-256 of what passed."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


class Folder:
    """Files under ``root/<k[:2]>/<k[2:4]>/<k>``, written complete or not at all."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        if not storage.KEY.match(key):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key[:2] / key[2:4] / key

    def put(self, key: str, stream: IO[bytes]) -> storage.StoredFile:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                size, sha256 = copy_hashed(stream, file)
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return storage.StoredFile(key, size, sha256)

    def open(self, key: str) -> IO[bytes]:
        return self.path(key).open("rb")

    def objects(self) -> Iterator[storage.StoredFile]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/??/*")):
            if path.is_file() and storage.KEY.match(path.name):
                with path.open("rb") as file:
                    size, sha256 = copy_hashed(file, _Nowhere())
                yield storage.StoredFile(path.name, size, sha256)


class _Nowhere:
    def write(self, chunk: bytes) -> int:
        return len(chunk)


def configured_store() -> Any:
    """The application's store (``STORAGE_URL``), else the local folder ``UPLOAD_FOLDER``."""
    current = getattr(storage, "current_store", None)
    if current is not None:
        return current()
    return Folder(current_app.config["UPLOAD_FOLDER"])
