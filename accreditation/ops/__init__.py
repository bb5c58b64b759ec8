"""Running it: health and readiness for load balancers, Prometheus metrics, structured logs with a request id,
backup and restore. ``init_app`` is called first in ``create_app``, so the request id and the timer start before any
other hook of a request and end after all of them."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from accreditation.ops import health, logs, metrics_view, request_ids

    logs.init_app(app)
    request_ids.init_app(app)
    metrics_view.init_app(app)
    health.init_app(app)
