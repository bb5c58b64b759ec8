"""The Prometheus metrics the code counts as it runs (``prometheus_client``), from web and worker processes alike.

Several processes (gunicorn's workers, Celery's pool) each count their own: with ``PROMETHEUS_MULTIPROC_DIR`` set in
the environment of every process before it starts, each writes its values to a file in that folder and
``/metrics`` adds them up (``accreditation.ops.metrics_view``). Without it each process counts in memory (one
process, tests). What is read from the database (the outbox's backlog, the reminders due) is not counted here but
measured when ``/metrics`` is read.

This module is plumbing: it knows no feature, and the core may call it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from time import perf_counter

from prometheus_client import Counter, Histogram
from sqlalchemy.orm import Session

from accreditation.transactions import on_commit

REQUESTS = Counter(
    "ssa_http_requests", "HTTP requests answered, by route (the URL rule) and status", ["method", "route", "status"]
)
LATENCY = Histogram(
    "ssa_http_request_duration_seconds",
    "Time to answer an HTTP request, by route (the URL rule)",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TRANSITIONS = Counter("ssa_transitions", "State changes committed, by programme and event", ["programme", "event"])
EMAILS = Counter("ssa_emails", "E-mails handed to the mail server (or written as files), by outcome", ["outcome"])
CERTIFICATE_SECONDS = Histogram(
    "ssa_certificate_generation_seconds",
    "Time to render and store the PDF of one new certificate",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


def count_transition(session: Session, programme: str, event: str) -> None:
    """Count a state change once the transaction that wrote it commits (a rolled-back one never happened)."""
    on_commit(session, partial(TRANSITIONS.labels(programme, event).inc))


def count_email(sent: bool) -> None:
    EMAILS.labels("sent" if sent else "failed").inc()


@contextmanager
def timed_certificate() -> Iterator[None]:
    """Measure the generation of one certificate (only one that completes is observed)."""
    started = perf_counter()
    yield
    CERTIFICATE_SECONDS.observe(perf_counter() - started)
