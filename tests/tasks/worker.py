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
def running_worker(
    instance: Path,
    database_url: str,
    broker_url: str,
    result_backend: str,
    env: dict[str, str] | None = None,
    log_name: str = "worker.log",
) -> Iterator[subprocess.Popen]:
    """Start ``celery -A celery_worker worker`` with this configuration (``env`` adds or overrides variables);
    yield its process; stop it on exit."""
    extra_env = env or {}
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
    env.update(extra_env)
    log = open(instance / log_name, "a")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "celery_worker", "worker", "--pool", "solo", "--loglevel", "INFO"),
            *("--hostname", f"{Path(log_name).stem}@%h"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
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
