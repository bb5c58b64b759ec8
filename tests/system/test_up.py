"""The README's first command: `flask up` migrates, loads the demo, starts a worker and serves the web app."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from celery import Celery

from accreditation.config import PROJECT_ROOT
from tests.tasks.worker import wait_for

DEMO_PASSWORD = "demo passphrase for tests"

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="the embedded default is checked once, in the SQLite run",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(opener, url: str) -> tuple[int, str]:
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _sign_in(base: str, email: str) -> tuple[int, str]:
    """Sign in through the real form; return the status and the page the browser lands on."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    _, page = _get(opener, f"{base}/sign-in")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": DEMO_PASSWORD, "csrf_token": token}).encode()
    try:
        with opener.open(f"{base}/sign-in", data=body, timeout=10) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        return error.code, error.geturl()


def test_up_serves_the_demo_and_runs_a_worker(tmp_path: Path):
    port = _free_port()
    results = f"db+sqlite:///{tmp_path / 'results.sqlite'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "DATABASE_URL", "CELERY_"))}
    env.update(
        APP_ENV="development", INSTANCE_PATH=str(tmp_path), DEMO_PASSWORD=DEMO_PASSWORD, CELERY_RESULT_BACKEND=results
    )
    log_path = tmp_path / "up.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "accreditation", "up", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener()
    try:
        started = time.monotonic()
        assert wait_for(lambda: _probe(opener, base), timeout=180), f"not serving; log:\n{log_path.read_text()}"
        print(f"flask up served after {time.monotonic() - started:.1f}s")
        output = log_path.read_text()
        emails = sorted(set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", output)) - {"no-reply@localhost"})
        assert len(emails) >= 5, f"the demo should print one user per role; got {emails}\n{output}"
        for email in emails:
            status, landed = _sign_in(base, email)
            assert status == 200 and not landed.endswith("/sign-in"), f"{email} could not sign in ({status})"

        client = Celery("probe", broker=f"sqla+sqlite:///{tmp_path / 'celery-broker.sqlite'}", backend=results)
        answer = client.send_task("accreditation.tasks.system.ping").get(timeout=120)
        assert answer == {"answer": "pong", "database": "sqlite"}

        process.terminate()  # SIGTERM to `flask up` alone: it stops its worker itself
        assert process.wait(timeout=60) == 0
        assert wait_for(lambda: not _group_alive(process.pid), timeout=60), "the worker outlived `flask up`"
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _group_alive(group: int) -> bool:
    """Whether any process of the group `flask up` leads (it and its worker) still runs."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _probe(opener, base: str) -> bool:
    try:
        return _get(opener, f"{base}/sign-in")[0] == 200
    except OSError:
        return False
