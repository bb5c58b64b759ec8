"""The object-storage tests: a real S3-compatible server (``TEST_S3_URL``: moto's, started by ``python -m tests`` or
``.ci/run``), a fresh bucket per test, and the session's application pointed at it for the test's length."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import boto3
import pytest
from flask import Flask

from tests.applications.conftest import evidence  # noqa: F401  (the stand-in evidence, a fixture)

pytestmark = pytest.mark.s3

SETTINGS = ("STORAGE_URL", "STORAGE_S3_ENDPOINT_URL", "STORAGE_S3_ACCESS_KEY_ID", "STORAGE_S3_SECRET_ACCESS_KEY")


def s3_client(endpoint: str):
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )


@pytest.fixture
def s3_endpoint() -> str:
    endpoint = os.environ.get("TEST_S3_URL")
    if not endpoint:
        pytest.skip("needs TEST_S3_URL")
    return endpoint


@pytest.fixture
def bucket(s3_endpoint) -> str:
    name = f"ssa-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint).create_bucket(Bucket=name)
    return name


def objects_in(endpoint: str, bucket: str) -> dict[str, bytes]:
    """Every object of ``bucket``, read back from the server."""
    client = s3_client(endpoint)
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read() for item in listed}


def point_at(app: Flask, endpoint: str, bucket: str) -> dict[str, object]:
    """Point ``app`` at ``bucket`` on ``endpoint``; the settings it had."""
    saved = {name: app.config.get(name) for name in (*SETTINGS, "STORAGE_S3_TIMEOUT")}
    app.config.update(
        STORAGE_URL=f"s3://{bucket}/documents",
        STORAGE_S3_ENDPOINT_URL=endpoint,
        STORAGE_S3_ACCESS_KEY_ID="test",
        STORAGE_S3_SECRET_ACCESS_KEY="test",
        STORAGE_S3_TIMEOUT=2,
    )
    app.extensions.pop("storage", None)
    return saved


@pytest.fixture
def s3_app(app, s3_endpoint, bucket) -> Iterator[Flask]:
    saved = point_at(app, s3_endpoint, bucket)
    yield app
    app.config.update(saved)
    app.extensions.pop("storage", None)
