"""Structured logs: with ``LOG_FORMAT=json`` every log line on standard error is one JSON object (time, level,
logger, message, request id, task id, and the exception's traceback when there is one), for the web app and the
Celery worker alike (the worker then leaves the logging configuration to us). ``text`` (the default) leaves
logging as it was.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from celery import signals
from flask import Flask

FORMATS = ("text", "json")
MARK = "ssa_json_handler"  # set on the handler we install, so a second app does not add another


class JsonFormatter(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "task_id": getattr(record, "task_id", None),
            "process": record.process,
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def install_json_handler(level: int = logging.INFO) -> None:
    """Send every record of the root logger to standard error as JSON (once per process)."""
    root = logging.getLogger()
    if any(getattr(handler, MARK, False) for handler in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    setattr(handler, MARK, True)
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def _celery_logging(**_: object) -> None:
    """Celery's ``setup_logging``: connected, it makes the worker keep our configuration instead of its own."""
    install_json_handler()


def init_app(app: Flask) -> None:
    log_format = str(app.config.get("LOG_FORMAT") or "text")
    if log_format not in FORMATS:
        print(f"error: LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}", file=sys.stderr)
        raise SystemExit(2)
    if log_format == "json":
        install_json_handler()
        app.logger.handlers.clear()  # Flask's own handler would write the same record again as text
        app.logger.propagate = True
        signals.setup_logging.connect(_celery_logging, weak=False, dispatch_uid="ssa_json_logging")
