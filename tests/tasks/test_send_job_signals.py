"""The outbox's sender sends the publish signals ``apply_async`` sends, with the same arguments (issue 27: it builds
the message from a template and publishes it itself, without Celery's ``send_task_message``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from celery import Celery, signals
from flask import Flask

from accreditation.tasks.outbox import run_outbox_job, send_job
from tests.tasks.test_send_job import VARYING_HEADERS, memory_celery, published  # noqa: F401


@pytest.fixture
def sent() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Each publish signal sent meanwhile: its name and arguments (the task's own id left out)."""
    calls: list[tuple[str, dict[str, Any]]] = []

    def recorder(name: str):
        def receive(sender=None, **arguments) -> None:
            arguments.pop("signal", None)
            headers = {k: v for k, v in arguments.pop("headers").items() if k not in VARYING_HEADERS}
            properties = {k: v for k, v in (arguments.pop("properties", None) or {}).items() if k != "correlation_id"}
            calls.append((name, {**arguments, "sender": sender, "headers": headers, "properties": properties}))

        return receive

    before, after = recorder("before_task_publish"), recorder("after_task_publish")
    signals.before_task_publish.connect(before, weak=False)
    signals.after_task_publish.connect(after, weak=False)
    try:
        yield calls
    finally:
        signals.before_task_publish.disconnect(before)
        signals.after_task_publish.disconnect(after)


def test_send_job_sends_the_publish_signals_apply_async_does(
    app: Flask,
    memory_celery: Celery,  # noqa: F811
    sent: list[tuple[str, dict[str, Any]]],
) -> None:
    with app.app_context():
        run_outbox_job.apply_async(args=[7], retry=False)
        by_celery = list(sent)
        sent.clear()
        send_job(7)
        by_sender = list(sent)
        assert len(published(memory_celery)) == 2  # the in-memory broker outlives the pools
    assert [name for name, _ in by_celery] == ["before_task_publish", "after_task_publish"]
    # What is declared depends on what the connection declared before (test_send_job.py tests it): a list of the
    # queue, or nothing.
    for calls in (by_celery, by_sender):
        assert calls[0][1].pop("declare") in ([], [memory_celery.amqp.default_queue])
    assert by_sender == by_celery
