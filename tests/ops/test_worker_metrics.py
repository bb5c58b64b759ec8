"""A worker's figures: a real Celery worker with ``PROMETHEUS_MULTIPROC_DIR`` sends the e-mail and counts the state
change's follow-up, and ``flask metrics serve`` (a worker machine's exporter) serves what it counted."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from accreditation.config import PROJECT_ROOT
from tests.applications.builders import start
from tests.tasks.worker import running_worker, wait_for, worker_log


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _scrape(url: str) -> dict[tuple[str, tuple], float]:
    with urllib.request.urlopen(url, timeout=5) as response:
        body = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def test_the_worker_counts_and_its_exporter_serves_the_figures(app_on_own_broker, world, database_url, tmp_path):
    folder = tmp_path / "worker-metrics"
    folder.mkdir()
    mail = tmp_path / "mail"
    with app_on_own_broker.app_context():
        start(world, "ciss", "a")  # its entry action e-mails the coordinator, in the worker
    broker = app_on_own_broker.config["CELERY"]["broker_url"]
    env = {"PROMETHEUS_MULTIPROC_DIR": str(folder)}
    with running_worker(tmp_path, database_url, broker, "", env=env):
        assert wait_for(lambda: mail.is_dir() and any(mail.iterdir()), timeout=90), worker_log(tmp_path)
        time.sleep(0.5)  # the count follows the file by a statement
    port = _free_port()
    exporter = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "accreditation", "metrics", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "APP_ENV": "testing", "INSTANCE_PATH": str(tmp_path), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/metrics"
        assert wait_for(lambda: _reachable(url), timeout=60)
        figures = _scrape(url)
    finally:
        exporter.terminate()
        exporter.wait(timeout=20)
    assert figures[("ssa_emails_total", (("outcome", "sent"),))] >= 1
    assert not any(name.startswith("ssa_outbox") for name, _ in figures)  # the database's figures: the web's


def _reachable(url: str) -> bool:
    try:
        _scrape(url)
    except OSError:
        return False
    return True
