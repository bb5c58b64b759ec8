"""`flask up`: the whole system on one machine — migrate, load the demo, start a worker with beat, serve."""

from __future__ import annotations

import signal
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from accreditation.config import PROJECT_ROOT


def worker_command(concurrency: int = 1) -> list[str]:
    """The command line of a Celery worker with an embedded beat, built from ``celery_worker.py``."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "celery_worker",
        "worker",
        "--beat",
        "--loglevel",
        "INFO",
        "--concurrency",
        str(concurrency),
    ]


@click.command("up")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the web app listens on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port the web app listens on.")
@click.option("--demo/--no-demo", default=True, show_default=True, help="Load the demo pilot (idempotent).")
@click.option("--worker/--no-worker", default=True, show_default=True, help="Start a Celery worker with beat.")
@with_appcontext
def up(host: str, port: int, demo: bool, worker: bool) -> None:
    """Migrate the database, load the demo, start a Celery worker with beat and serve the web app.

    For one machine and trying the system out. In production run `flask db upgrade`, a WSGI server
    (e.g. gunicorn "accreditation:create_app()") and `celery -A celery_worker worker --beat` separately.
    """
    from flask_migrate import upgrade

    click.echo("Migrating the database…")
    upgrade()
    if demo:
        from accreditation.cli.demo import demo as demo_command

        click.get_current_context().invoke(demo_command)

    app = current_app._get_current_object()
    process = None
    if worker:
        click.echo("Starting a Celery worker with beat…")
        process = subprocess.Popen(worker_command(), cwd=PROJECT_ROOT)
    # A service manager stops with SIGTERM: treat it as Ctrl+C, so the worker is stopped too.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        click.echo(f"Serving on http://{host}:{port}/ — press Ctrl+C to stop.")
        # Flask's app.run() refuses to block inside a `flask` command, so serve with Werkzeug directly.
        run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
