"""The request id: sent back on every response (the caller's when sane, else a new one), and carried into the
Celery tasks a request queued, whose log lines (JSON with ``LOG_FORMAT=json``) name it; here with a real worker."""

from __future__ import annotations

import json
import logging

from celery import Celery

from accreditation.ops.logs import JsonFormatter
from accreditation.ops.request_ids import SANE
from tests.applications.builders import start
from tests.applications.web import page, shown_version, signed_in
from tests.builders import csrf_token
from tests.tasks.worker import running_worker, wait_for, worker_log


def test_the_callers_request_id_comes_back_and_an_odd_one_is_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"}).headers["X-Request-ID"] == "lb-7f3a.42"
    replaced = client.get("/healthz", headers={"X-Request-ID": "no spaces; or <tags>"}).headers["X-Request-ID"]
    assert replaced != "no spaces; or <tags>" and SANE.match(replaced)
    first, second = (client.get("/healthz").headers["X-Request-ID"] for _ in range(2))
    assert first != second and SANE.match(first)


def test_a_json_log_line_carries_the_request_id(app, client, caplog, monkeypatch):
    down = Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)  # /readyz logs why it is not ready
    monkeypatch.setitem(app.extensions, "celery", down)
    with caplog.at_level(logging.WARNING, logger="accreditation.ops.health"):
        assert client.get("/readyz", headers={"X-Request-ID": "probe-1"}).status_code == 503
    [record] = [r for r in caplog.records if r.name == "accreditation.ops.health"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "probe-1" and line["level"] == "WARNING"
    assert line["message"].startswith("readiness: broker:") and line["task_id"] is None


def test_the_request_id_follows_a_request_into_the_task_it_queued(app_on_own_broker, world, database_url, tmp_path):
    app = app_on_own_broker
    with app.app_context():
        application_id = start(world, "ciss", "a")
    coordinator = signed_in(app, "coord.md@example.org")
    broker = app.config["CELERY"]["broker_url"]
    with running_worker(tmp_path, database_url, broker, "", env={"LOG_FORMAT": "json"}):
        html = page(coordinator, application_id)
        form = {"csrf_token": csrf_token(html), "expected_version": shown_version(html, "accept")}
        response = coordinator.post(
            f"/applications/{application_id}/events/accept", data=form, headers={"X-Request-ID": "trace-42"}
        )
        assert response.status_code in (302, 303)
        assert response.headers["X-Request-ID"] == "trace-42"

        def traced() -> list[dict]:
            lines = [json.loads(line) for line in worker_log(tmp_path).splitlines() if line.startswith("{")]
            return [line for line in lines if line.get("request_id") == "trace-42"]

        assert wait_for(lambda: any("ended" in line["message"] for line in traced()), timeout=90), worker_log(tmp_path)
    lines = traced()
    assert any(line["message"] == "task accreditation.tasks.outbox.run_outbox_job started" for line in lines)
    assert all(line["task_id"] for line in lines)
