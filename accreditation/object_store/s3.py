"""The S3-compatible store (MinIO, Ceph, a cloud's S3) behind ``accreditation.storage`` when ``STORAGE_URL`` is
``s3://bucket/prefix``; the endpoint, region and credentials come from the ``STORAGE_S3_*`` settings.

An upload is hashed on the way in and sent with its SHA-256 in the object's metadata (``sha256``); anything over
``MULTIPART_BYTES`` goes in parts of that size, so neither side holds it whole. An S3 object exists only once its
upload completed (a failed multipart upload is aborted, and never listed or readable), so an object is complete or
absent. A store that does not answer raises ``StorageUnavailable``; a missing object FileNotFoundError.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import IO, Any
from urllib.parse import urlsplit

from accreditation.object_store.base import (
    KEY,
    StorageUnavailable,
    StoredFile,
    hashed_copy,
    relative_path,
)

MULTIPART_BYTES = 5 * 1024 * 1024  # the smallest part S3 takes: the least held in memory per part
SPOOL_BYTES = 1024 * 1024


def _errors() -> tuple[type[BaseException], ...]:
    from botocore.exceptions import BotoCoreError, ClientError

    return BotoCoreError, ClientError


def _missing(error: BaseException) -> bool:
    response = getattr(error, "response", None) or {}
    code = str(response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}


class S3Store:
    """Objects ``prefix/<k[:2]>/<k[2:4]>/<k>`` in ``bucket``."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix.strip("/")
        self.unfinished: set[str] = set()  # objects whose failed upload may have left parts behind

    @classmethod
    def from_config(cls, url: str, config: dict) -> S3Store:
        import boto3
        from botocore.config import Config

        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"STORAGE_URL must be empty or s3://bucket/prefix, not {url!r}")
        client = boto3.client(
            "s3",
            endpoint_url=config.get("STORAGE_S3_ENDPOINT_URL") or None,
            region_name=config.get("STORAGE_S3_REGION") or "us-east-1",
            aws_access_key_id=config.get("STORAGE_S3_ACCESS_KEY_ID") or None,
            aws_secret_access_key=config.get("STORAGE_S3_SECRET_ACCESS_KEY") or None,
            config=Config(
                connect_timeout=float(config.get("STORAGE_S3_TIMEOUT") or 5),
                read_timeout=float(config.get("STORAGE_S3_TIMEOUT") or 5) * 6,
                retries={"max_attempts": 2, "mode": "standard"},
                s3={"addressing_style": "path"},
                signature_version="s3v4",
            ),
        )
        return cls(client, parts.netloc, parts.path)

    def name(self, key: str) -> str:
        path = relative_path(key)
        return f"{self.prefix}/{path}" if self.prefix else path

    def put(self, key: str, stream: IO[bytes]) -> StoredFile:
        from boto3.s3.transfer import TransferConfig

        name = self.name(key)
        # Hash first (the SHA-256 goes with the object), spooling a stream that cannot be read twice.
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            if _rewindable(stream):
                start = stream.tell()
                size, sha256 = hashed_copy(stream, _Discard())
                stream.seek(start)
                source: IO[bytes] = stream
            else:
                size, sha256 = hashed_copy(stream, spool)
                spool.seek(0)
                source = spool
            transfer = TransferConfig(
                multipart_threshold=MULTIPART_BYTES,
                multipart_chunksize=MULTIPART_BYTES,
                max_concurrency=1,
                use_threads=False,
                io_chunksize=256 * 1024,
            )
            try:
                self.client.upload_fileobj(
                    source, self.bucket, name, ExtraArgs={"Metadata": {"sha256": sha256}}, Config=transfer
                )
            except (*_errors(), OSError) as error:
                self.unfinished.add(name)
                raise StorageUnavailable(str(error)) from error
        if self.unfinished:
            self.abort_unfinished()
        return StoredFile(key, size, sha256)

    def abort_unfinished(self) -> None:
        """Abort what failed uploads of this process left (their parts): the store could not be told when they
        failed. What a process that ended meanwhile left is for ``clean`` (``flask storage clean``)."""
        for name in sorted(self.unfinished):
            try:
                answer = self.client.list_multipart_uploads(Bucket=self.bucket, Prefix=name)
                for upload in answer.get("Uploads", []):
                    if upload["Key"] == name:
                        self.client.abort_multipart_upload(Bucket=self.bucket, Key=name, UploadId=upload["UploadId"])
            except _errors():
                return  # not yet: the next upload tries again
            self.unfinished.discard(name)

    def clean(self, older_than: timedelta) -> int:
        """Abort every unfinished upload under the prefix begun longer ago than ``older_than``; how many."""
        cutoff, aborted = datetime.now(UTC) - older_than, 0
        pages = self.client.get_paginator("list_multipart_uploads").paginate(
            Bucket=self.bucket, Prefix=f"{self.prefix}/" if self.prefix else ""
        )
        try:
            for page in pages:
                for upload in page.get("Uploads", []):
                    if upload["Initiated"] < cutoff:
                        self.client.abort_multipart_upload(
                            Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                        )
                        aborted += 1
        except _errors() as error:
            raise StorageUnavailable(str(error)) from error
        return aborted

    def open(self, key: str) -> IO[bytes]:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.name(key))
        except _errors() as error:
            if _missing(error):
                raise FileNotFoundError(key) from error
            raise StorageUnavailable(str(error)) from error
        return _Body(answer["Body"])

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.name(key))
        except _errors() as error:
            raise StorageUnavailable(str(error)) from error

    def sha256_of(self, key: str) -> str | None:
        """The SHA-256 recorded with the object (None when it has none; FileNotFoundError when it is absent)."""
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.name(key))
        except _errors() as error:
            if _missing(error):
                raise FileNotFoundError(key) from error
            raise StorageUnavailable(str(error)) from error
        return head.get("Metadata", {}).get("sha256")

    def ping(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except _errors() as error:
            raise StorageUnavailable(str(error)) from error

    def objects(self) -> Iterator[StoredFile]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"{self.prefix}/" if self.prefix else ""
        )
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    key = item["Key"].rsplit("/", 1)[-1]
                    if KEY.match(key):
                        yield StoredFile(key, int(item["Size"]), self.sha256_of(key) or "")
        except _errors() as error:
            raise StorageUnavailable(str(error)) from error


def _rewindable(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.seekable()) and stream.tell() >= 0
    except (AttributeError, OSError, ValueError):
        return False


class _Discard:
    def write(self, chunk: bytes) -> int:
        return len(chunk)


class _Body:
    """botocore's streaming body as a plain readable stream; a connection lost while reading is StorageUnavailable."""

    def __init__(self, body: Any) -> None:
        self.body = body

    def read(self, size: int | None = -1) -> bytes:
        try:
            return self.body.read(None if size is None or size < 0 else size)
        except (*_errors(), OSError) as error:
            raise StorageUnavailable(str(error)) from error

    def close(self) -> None:
        self.body.close()

    def __enter__(self) -> _Body:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
