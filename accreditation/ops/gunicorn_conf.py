"""gunicorn's settings for production:
``gunicorn -c python:accreditation.ops.gunicorn_conf 'accreditation:create_app()'`` (instead of the project root's
gunicorn.conf.py, whose ``gc.freeze`` it repeats). Each setting may be overridden on the command line or by
``GUNICORN_CMD_ARGS``.

Sync workers, one or two per core, behind a reverse proxy that buffers slow clients and request bodies (uploads):
docs/deployment.md says why and gives the figures. With ``PROMETHEUS_MULTIPROC_DIR`` set, a worker that exits has
its live gauges removed from the folder, and the folder is emptied when the server starts.
"""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
worker_class = "sync"
timeout = 60  # a 20 MB upload from the proxy's buffer, or a slow export, finishes well within it
graceful_timeout = 30
max_requests = 2000  # a worker is replaced now and then (memory held by a long-lived process comes back)
max_requests_jitter = 200
preload_app = False  # each worker builds its own application: its own database pool and broker connection
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The request id goes into the access log (the proxy can send its own in X-Request-ID).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'


def on_starting(server: object) -> None:
    """Start with an empty metrics folder: figures of processes from a previous run would be counted again."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def post_worker_init(worker: object) -> None:
    """As the project's gunicorn.conf.py (development, bench/): start-up's objects frozen out of the collector."""
    gc.collect()
    gc.freeze()


def child_exit(server: object, worker: object) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
