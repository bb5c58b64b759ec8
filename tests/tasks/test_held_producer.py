"""The outbox's sender keeps one producer per thread, on a connection of its own (issue 27): reused between
messages, never shared between threads, and dropped after a send that fails (the job stays pending; the next send
opens a new connection)."""

from __future__ import annotations

import threading

import pytest
from celery import Celery
from flask import Flask

from accreditation.tasks import outbox
from accreditation.tasks.outbox import send_job
from tests.tasks.test_send_job import memory_celery, published  # noqa: F401 (the fixture)


def _held():
    entry = outbox._HELD.entry
    return None if entry is None else entry.producer


def test_the_producer_is_kept_per_thread_and_dropped_after_a_failed_send(
    app: Flask,
    memory_celery: Celery,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with app.app_context():
        send_job(1)
        first = _held()
        send_job(2)
        assert _held() is first and first is not None  # kept between messages
        other: list[object] = []

        def in_another_thread() -> None:
            with app.app_context():
                send_job(3)
                other.append(_held())

        thread = threading.Thread(target=in_another_thread)
        thread.start()
        thread.join()
        assert other and other[0] is not first  # each thread its own

        original = memory_celery.amqp.send_task_message

        def broker_down(*args, **kwargs):
            raise ConnectionRefusedError("broker down")

        monkeypatch.setattr(type(memory_celery.amqp), "send_task_message", property(lambda amqp: broker_down))
        with pytest.raises(Exception, match="broker down"):
            send_job(4)
        assert _held() is None  # dropped with its connection
        monkeypatch.setattr(type(memory_celery.amqp), "send_task_message", property(lambda amqp: original))
        send_job(5)
        assert _held() is not None and _held() is not first
        bodies = [message["body"][0] for message in published(memory_celery)]
    assert bodies == [[1], [2], [3], [5]]
