"""The outbox's sender publishes the message ``apply_async`` would (issue 27: the same message, cheaper)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from celery import Celery
from flask import Flask

from accreditation.tasks.outbox import run_outbox_job, send_job

VARYING_HEADERS = {"id", "root_id"}  # the task's own id (a new one per message)


@pytest.fixture
def memory_celery(app: Flask) -> Iterator[Celery]:
    """The tests' Celery publishing to kombu's in-process broker (its messages readable afterwards)."""
    celery: Celery = app.extensions["celery"]
    previous = celery.conf.broker_url, celery.conf.task_always_eager
    celery.conf.broker_url, celery.conf.task_always_eager = "memory://", False
    fresh_pools(celery)
    try:
        yield celery
    finally:
        celery.conf.broker_url, celery.conf.task_always_eager = previous
        fresh_pools(celery)


def fresh_pools(celery: Celery) -> None:
    """Connection and producer pools made anew from the settings at their next use."""
    celery._pool = None
    celery.amqp._producer_pool = None


def published(celery: Celery) -> list[dict[str, Any]]:
    """The messages waiting in the default queue, oldest first: headers, body, properties and content type."""
    queue = celery.amqp.default_queue.name
    messages = []
    with celery.connection_for_write() as connection:
        channel = connection.default_channel
        while (message := channel.basic_get(queue, no_ack=True)) is not None:
            messages.append(
                {
                    "headers": dict(message.headers),
                    "body": message.decode(),
                    "properties": {k: v for k, v in message.properties.items() if k != "correlation_id"},
                    "delivery_info": dict(message.delivery_info),
                    "content_type": message.content_type,
                }
            )
    return messages


def test_send_job_publishes_what_apply_async_does(app: Flask, memory_celery: Celery) -> None:
    with app.app_context():
        run_outbox_job.apply_async(args=[41], retry=False)
        task_id = send_job(41)
        first, second = published(memory_celery)
    assert isinstance(task_id, str)
    assert second["headers"]["id"] == task_id
    for message in (first, second):
        message["headers"] = {k: v for k, v in message["headers"].items() if k not in VARYING_HEADERS}
        message["properties"].pop("delivery_tag", None)
        message["delivery_info"].pop("delivery_tag", None)
    assert second == first
    assert second["body"][0] == [41]
    assert second["headers"]["task"] == "accreditation.tasks.outbox.run_outbox_job"
    assert second["headers"]["argsrepr"] == "[41]"


def test_send_job_in_eager_mode_runs_the_task(app: Flask) -> None:
    celery: Celery = app.extensions["celery"]
    previous = celery.conf.task_always_eager
    celery.conf.task_always_eager = True
    try:
        with app.app_context():
            result = send_job(999_999)  # no such job: the task says so
    finally:
        celery.conf.task_always_eager = previous
    assert result.get() == "missing"


def test_send_job_declares_the_queue_once_per_connection(
    app: Flask, memory_celery: Celery, monkeypatch: pytest.MonkeyPatch
) -> None:
    declares = []
    original = memory_celery.amqp.send_task_message

    def recording(producer, name, message, **options):
        declares.append(options.get("declare"))
        return original(producer, name, message, **options)

    monkeypatch.setattr(type(memory_celery.amqp), "send_task_message", property(lambda amqp: recording))
    with app.app_context():
        send_job(1)
        send_job(2)
        assert len(published(memory_celery)) == 2
    # The second publish knows the queue is declared on its connection (the first let kombu declare it, unless the
    # pooled connection had already).
    assert declares[0] in (None, []) and declares[1] == []
