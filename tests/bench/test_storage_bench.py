"""bench/storage.py, run small: a few uploads through a real gunicorn worker on the S3 server keep its memory flat,
and the command reports its figures (the full run, 50 x 10 MB, is the README's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.s3


def test_a_few_large_uploads_keep_the_web_workers_memory_flat():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "storage.py"), "--uploads", "4", "--megabytes", "8", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "BENCH_S3_URL": os.environ["TEST_S3_URL"]},
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["uploads"] == 4 and figures["megabytes_each"] == 8
    assert 0 <= figures["peak_growth_mb"] < figures["bound_mb"] == 20
