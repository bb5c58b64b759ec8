"""``/metrics`` in Prometheus' text format, behind a bearer token (``METRICS_TOKEN``; without one it answers 404),
and the per-request figures (count and latency by route: the URL rule, never the raw path).

With ``PROMETHEUS_MULTIPROC_DIR`` set, the figures are the sum over every process that writes to that folder (all
gunicorn workers and the Celery workers of this machine); a worker machine without a web process serves its own
with ``flask metrics serve``. The outbox's backlog, its oldest job and the reminders due are read from the
database when ``/metrics`` is read, so every node reports the same.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from time import perf_counter

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from accreditation.applications.outbox import MAX_ATTEMPTS
from accreditation.extensions import db
from accreditation.metrics import LATENCY, REQUESTS
from accreditation.models import Delivery, OutboxJob
from accreditation.models.reminder import REMINDER

UNMATCHED = "<unmatched>"  # requests no rule matched (404s) share one label, so odd paths add no series


def process_registry() -> CollectorRegistry:
    """The figures counted by the processes: every process of this machine's folder, or this process alone."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return REGISTRY


class DatabaseCollector(Collector):
    """Figures read from the database at each scrape (inside the request's application context)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        pending = OutboxJob.done_at.is_(None)
        backlog, oldest = db.session.execute(
            select(func.count(), func.min(OutboxJob.created_at)).where(pending, OutboxJob.attempts < MAX_ATTEMPTS)
        ).one()
        stopped = db.session.scalar(select(func.count()).where(pending, OutboxJob.attempts >= MAX_ATTEMPTS))
        yield GaugeMetricFamily("ssa_outbox_backlog_jobs", "Follow-up jobs recorded and not done yet", backlog)
        age = 0.0
        if oldest is not None:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
            age = max(0.0, (datetime.now(UTC) - oldest).total_seconds())
        yield GaugeMetricFamily("ssa_outbox_oldest_job_age_seconds", "Age of the oldest job not done (0: none)", age)
        yield GaugeMetricFamily(
            "ssa_outbox_stopped_jobs", "Jobs that failed too often and wait for a person (last_error says why)", stopped
        )
        unsent = Delivery.sent_at.is_(None)
        due = db.session.scalar(select(func.count()).select_from(Delivery).where(unsent, Delivery.kind == REMINDER))
        yield GaugeMetricFamily("ssa_reminders_due", "Reminder e-mails written and not sent yet", due)
        failing = db.session.scalar(select(func.count()).select_from(Delivery).where(unsent, Delivery.attempts > 0))
        yield GaugeMetricFamily(
            "ssa_deliveries_failing", "E-mails not sent yet whose last attempt failed (tried again later)", failing
        )


def metrics() -> Response:
    token = str(current_app.config.get("METRICS_TOKEN") or "")
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        headers = {"WWW-Authenticate": "Bearer", "Cache-Control": "no-store"}
        return Response("a bearer token is required\n", 401, headers)
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    body = generate_latest(process_registry()) + generate_latest(database)
    return Response(body, 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


def _start_timer() -> None:
    g.ssa_started = perf_counter()


def _count(response: Response) -> Response:
    started = g.pop("ssa_started", None)
    if started is not None:
        route = request.url_rule.rule if request.url_rule is not None else UNMATCHED
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        LATENCY.labels(request.method, route).observe(perf_counter() - started)
    return response


def init_app(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_count)
    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])
