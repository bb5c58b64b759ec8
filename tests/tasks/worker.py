"""A real Celery worker in a child process, configured like production but pointed at the test services."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from accreditation.config import PROJECT_ROOT


@contextmanager
def running_worker(instance: Path, database_url: str, broker_url: str, result_backend: str) -> Iterator[None]:
    """Start ``celery -A celery_worker worker`` with this configuration; stop it on exit."""
    env = dict(os.environ)
    env.update(
        APP_ENV="testing",
        INSTANCE_PATH=str(instance),
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        CELERY_RESULT_BACKEND=result_backend,
        MAIL_SERVER="",
        MAIL_OUTBOX_DIR=str(instance / "mail"),
    )
    log = open(instance / "worker.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_worker", "worker", "--pool", "solo", "--loglevel", "INFO"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def worker_log(instance: Path) -> str:
    path = instance / "worker.log"
    return path.read_text() if path.exists() else ""


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
