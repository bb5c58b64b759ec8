"""Several web processes, one set of figures: gunicorn with the project's settings (``accreditation.ops.gunicorn_conf``)
and two workers sharing ``PROMETHEUS_MULTIPROC_DIR``; whichever worker answers ``/metrics`` counts the requests
every worker answered."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from accreditation.config import PROJECT_ROOT

TOKEN = "gunicorn-scrape-token"
CONF = "python:accreditation.ops.gunicorn_conf"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def _count(base: str, route: str) -> float:
    status, body, _ = _get(f"{base}/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == "ssa_http_requests_total" and sample.labels.get("route") == route:
                return sample.value
    return 0.0


@pytest.fixture
def gunicorn(app, database_url, tmp_path) -> str:
    port = _free_port()
    metrics = tmp_path / "metrics"
    env = dict(os.environ)
    env.update(
        APP_ENV="testing",
        DATABASE_URL=database_url,
        INSTANCE_PATH=str(tmp_path / "instance"),
        CELERY_BROKER_URL=f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}",
        PROMETHEUS_MULTIPROC_DIR=str(metrics),
        METRICS_TOKEN=TOKEN,
        WEB_CONCURRENCY="2",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        LOG_FORMAT="json",
    )
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", CONF, "accreditation:create_app()"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("gunicorn did not answer: " + (tmp_path / "gunicorn.log").read_text())
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _pids(folder: Path) -> set[str]:
    return {path.stem.rsplit("_", 1)[-1] for path in folder.glob("counter_*.db")}


def test_every_workers_requests_are_counted_whichever_worker_answers(gunicorn, tmp_path):
    before = _count(gunicorn, "/readyz")
    sent = 0
    with ThreadPoolExecutor(8) as pool:  # requests at the same time: a sync worker takes one at a time
        while sent < 400 and (sent < 40 or len(_pids(tmp_path / "metrics")) < 2):
            statuses = list(pool.map(lambda _: _get(f"{gunicorn}/readyz")[0], range(20)))
            assert statuses == [200] * 20
            sent += 20
    assert len(_pids(tmp_path / "metrics")) >= 2  # both workers answered and counted
    counts = [_count(gunicorn, "/readyz") for _ in range(6)]  # whichever worker answers the scrape
    assert counts == [before + sent] * 6, counts
    assert _get(f"{gunicorn}/healthz")[2]["X-Request-ID"]
    assert _get(f"{gunicorn}/metrics")[0] == 401
