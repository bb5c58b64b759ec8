"""A real worker answers a task over each broker the system supports: the embedded one, Redis and RabbitMQ."""

from __future__ import annotations

import os

import pytest
from celery import Celery

from tests.tasks.worker import running_worker, worker_log


def _brokers(tmp_path) -> dict[str, tuple[str, str]]:
    return {
        "embedded": (f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}", f"db+sqlite:///{tmp_path / 'results.sqlite'}"),
        "redis": (os.environ.get("TEST_REDIS_URL", ""), os.environ.get("TEST_REDIS_URL", "")),
        "rabbitmq": (os.environ.get("TEST_AMQP_URL", ""), "rpc://"),
    }


@pytest.mark.parametrize(
    "broker",
    ["embedded", pytest.param("redis", marks=pytest.mark.redis), pytest.param("rabbitmq", marks=pytest.mark.amqp)],
)
def test_worker_runs_a_task_in_the_app_context_over_each_broker(broker, database_url, tmp_path):
    broker_url, backend = _brokers(tmp_path)[broker]
    client = Celery("test-client", broker=broker_url, backend=backend, set_as_current=False)  # the app's stays current
    with running_worker(tmp_path, database_url, broker_url, backend):
        result = client.send_task("accreditation.tasks.system.ping")
        try:
            answer = result.get(timeout=90)
        except Exception as error:  # show the worker's log: it says why
            pytest.fail(f"no answer from the worker ({error!r}); its log:\n{worker_log(tmp_path)}")
    expected_dialect = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    assert answer == {"answer": "pong", "database": expected_dialect}
