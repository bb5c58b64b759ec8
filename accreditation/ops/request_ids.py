"""The request id: one per HTTP request (the caller's ``X-Request-ID`` when it is sane, else a new one), sent back
in the response's ``X-Request-ID``, written on every log line of the request, and carried in the headers of every
Celery task the request queued, so the task's log lines carry it too.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from celery import signals
from flask import Flask, Response, request

log = logging.getLogger("accreditation.tasks.trace")
HEADER = "X-Request-ID"
TASK_HEADER = "request_id"  # the Celery message header that carries it
SANE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")  # anything else (too long, odd characters) is replaced

_current: ContextVar[str | None] = ContextVar("request_id", default=None)
_task: ContextVar[str | None] = ContextVar("task_id", default=None)


def current_request_id() -> str | None:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def incoming(value: str | None) -> str:
    """The caller's id if it is a sane one, else a new one."""
    return value if value and SANE.match(value) else new_request_id()


def _begin_request() -> None:
    _current.set(incoming(request.headers.get(HEADER)))


def _send_back(response: Response) -> Response:
    request_id = _current.get()
    if request_id:
        response.headers[HEADER] = request_id
    return response


def _end_request(error: BaseException | None = None) -> None:
    _current.set(None)


def _add_to_published_task(headers: dict | None = None, **_: object) -> None:
    """Celery's ``before_task_publish``: the task carries the id of the request (or task) that queued it."""
    request_id = _current.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def _task_started(task_id: str | None = None, task: object = None, **_: object) -> None:
    """Celery's ``task_prerun``: the task runs under the id it was queued with (a new one if none came)."""
    context = getattr(task, "request", None)
    carried = getattr(context, TASK_HEADER, None) or (context.get(TASK_HEADER) if context is not None else None)
    _current.set(incoming(carried if isinstance(carried, str) else None))
    _task.set(task_id)
    log.info("task %s started", getattr(task, "name", "?"))


def _task_ended(task: object = None, state: str | None = None, **_: object) -> None:
    log.info("task %s ended: %s", getattr(task, "name", "?"), state)
    _current.set(None)
    _task.set(None)


_factory = logging.getLogRecordFactory()


def _record(*args: object, **kwargs: object) -> logging.LogRecord:
    """Every log record carries ``request_id`` and ``task_id`` (None outside a request or task)."""
    record = _factory(*args, **kwargs)
    record.request_id = _current.get()
    record.task_id = _task.get()
    return record


def init_app(app: Flask) -> None:
    """Register the hooks first, so the id exists before anything else of the request logs."""
    app.before_request(_begin_request)
    app.after_request(_send_back)
    app.teardown_request(_end_request)
    if logging.getLogRecordFactory() is _factory:
        logging.setLogRecordFactory(_record)
    signals.before_task_publish.connect(_add_to_published_task, weak=False, dispatch_uid="ssa_request_id_publish")
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="ssa_request_id_prerun")
    signals.task_postrun.connect(_task_ended, weak=False, dispatch_uid="ssa_request_id_postrun")
