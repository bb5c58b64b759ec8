"""The brokers the worker tests run on: the embedded SQLite one (always) and Redis (``@pytest.mark.redis``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from celery import Celery

BROKERS = ["embedded", pytest.param("redis", marks=pytest.mark.redis)]


def broker_url(broker: str, tmp_path: Path) -> str:
    if broker == "embedded":
        return f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    return os.environ["TEST_REDIS_URL"]


def client_for(url: str) -> Celery:
    """A Celery client of ``url`` with its queue emptied (a Redis database outlives the tests)."""
    client = Celery("test-client", broker=url, set_as_current=False)  # the app's Celery stays the current one
    client.conf.broker_connection_retry_on_startup = True
    if url.startswith("redis"):
        client.control.purge()
    return client


def succeeded(log: str, task_id: str) -> bool:
    """Whether a worker's log says the task ``task_id`` finished (succeeded, or retried and then succeeded)."""
    return re.search(rf"\[{re.escape(task_id)}\] succeeded", log) is not None
