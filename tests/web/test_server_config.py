"""The production server's settings (gunicorn.conf.py, read by gunicorn from the project's root): a worker freezes
what start-up allocated, so the garbage collector stops walking it on every collection a request triggers."""

from __future__ import annotations

import gc
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_freezes_what_start_up_allocated():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        settings["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > before + 1000  # the objects alive at start-up, not a handful
    finally:
        gc.unfreeze()


def test_gunicorn_reads_the_settings_from_the_project_root():
    shown = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "accreditation:create_app()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert "post_worker_init" in shown.stdout and "gunicorn.conf" in shown.stdout
