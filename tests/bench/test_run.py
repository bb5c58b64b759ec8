"""bench/run.py, the one benchmark command: what can be checked without running a benchmark (never timed here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import arguments, milliseconds, parse_wrk

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "bench" / "run.py"

# wrk 4.1's output for a page that answered 404, with the Lua script's closing line (bench/run.py's STATUS_SCRIPT)
WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:18999/nothing
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    22.20ms   21.57ms 133.95ms   84.57%
    Req/Sec     0.91k   589.03     1.79k    50.00%
  Latency Distribution
     50%  611.06us
     75%   27.97ms
     90%   56.72ms
     99%    1.02s
  1824 requests in 2.00s, 655.50KB read
  Non-2xx or 3xx responses: 1824
Requests/sec:    909.89
Transfer/sec:    326.99KB
not 200: 1824
"""


def test_help_describes_the_command_and_its_parts():
    done = subprocess.run([sys.executable, str(RUN), "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    for words in ("wrk", "--only", "pages,fire,certificates,reminders,dashboard", "gunicorn", "baseline"):
        assert words in done.stdout


def test_missing_wrk_is_said_before_anything_runs(tmp_path):
    environment = {**os.environ, "PATH": str(tmp_path)}  # an empty folder: no wrk on the PATH
    done = subprocess.run(
        [sys.executable, str(RUN), "--only", "pages"], capture_output=True, text=True, cwd=ROOT, env=environment
    )
    assert done.returncode != 0
    assert "wrk is not installed" in done.stderr
    assert "apt-get install -y wrk" in done.stderr


def test_an_unknown_part_is_refused():
    with pytest.raises(SystemExit) as stopped:
        arguments(["--only", "pages,pdfs"])
    assert stopped.value.code == 2


def test_wrk_output_is_read_with_its_units_and_the_responses_other_than_200():
    load = parse_wrk(WRK_OUTPUT)
    assert load.requests_per_second == pytest.approx(909.89)
    assert load.p50_ms == pytest.approx(0.61106)
    assert load.p99_ms == pytest.approx(1020.0)
    assert load.requests == 1824
    assert load.not_200 == 1824


def test_wrk_output_without_the_status_line_is_an_error():
    with pytest.raises(RuntimeError, match="not 200"):
        parse_wrk(WRK_OUTPUT.replace("not 200: 1824\n", ""))


@pytest.mark.parametrize(("text", "expected"), [("250us", 0.25), ("3.5ms", 3.5), ("1.2s", 1200.0)])
def test_latencies_are_milliseconds(text, expected):
    assert milliseconds(text) == pytest.approx(expected)


@pytest.mark.postgres
def test_the_fire_benchmark_runs_through_signed_in_actors():
    """bench/fire.py on a handful of applications: it still drives fire() as the people it seeds, loaded the way
    flask-login loads them (not timed: only that it runs and every event is recorded)."""
    url = os.environ["TEST_DATABASE_URL"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fire.py"), "--applications", "4", "--database-url", url, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["applications"] == 4
    per_event = [result["fires"] for event, result in figures["events"].items() if event != "all"]
    assert per_event and per_event == [4] * len(per_event)
    assert figures["events"]["all"]["fires"] == sum(per_event)
    assert figures["records"] >= figures["events"]["all"]["fires"]
    assert figures["broker"] == "memory"  # not the embedded SQLite broker, whose syncs it would measure
    assert figures["events"]["all"]["backend_cpu_seconds"] >= 0  # its PostgreSQL backends' CPU, read from /proc
