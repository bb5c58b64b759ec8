"""The request id: sent back on every response (the caller's when sane, else a new one), and carried into the
Celery tasks a request queued, whose log lines (JSON with ``LOG_FORMAT=json``) name it; here with a real worker."""

from __future__ import annotations

import json
import logging

from accreditation.ops.logs import JsonFormatter
from accreditation.ops.request_ids import SANE
from tests.applications.builders import start
from tests.applications.web import page, post_event, shown_version, signed_in
from tests.tasks.worker import running_worker, wait_for, worker_log


def test_the_callers_request_id_comes_back_and_an_odd_one_is_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"}).headers["X-Request-ID"] == "lb-7f3a.42"
    replaced = client.get("/healthz", headers={"X-Request-ID": "no spaces; or <tags>"}).headers["X-Request-ID"]
    assert replaced != "no spaces; or <tags>" and SANE.match(replaced)
    first, second = (client.get("/healthz").headers["X-Request-ID"] for _ in range(2))
    assert first != second and SANE.match(first)


def test_a_json_log_line_carries_the_request_id(app, client, caplog):
    @app.get("/__ops_log_probe")  # not in the URL map of the real application: this test's own
    def probe():
        logging.getLogger("accreditation.probe").warning("probing")
        return "ok"

    with caplog.at_level(logging.WARNING, logger="accreditation.probe"):
        client.get("/__ops_log_probe", headers={"X-Request-ID": "probe-1"})
    [record] = [r for r in caplog.records if r.name == "accreditation.probe"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "probe-1" and line["message"] == "probing" and line["level"] == "WARNING"


def test_the_request_id_follows_a_request_into_the_task_it_queued(app, world, database_url, tmp_path):
    with app.app_context():
        application_id = start(world, "ciss", "a")
    coordinator = signed_in(app, "coord.md@example.org")
    broker = app.config["CELERY"]["broker_url"]  # the broker the request publishes to
    with running_worker(tmp_path, database_url, broker, "", env={"LOG_FORMAT": "json"}):
        version = shown_version(page(coordinator, application_id), "accept")
        response = post_event(coordinator, application_id, "accept", version)
        assert response.status_code in (302, 303)
        request_id = response.headers["X-Request-ID"]

        def traced() -> list[dict]:
            lines = [json.loads(line) for line in worker_log(tmp_path).splitlines() if line.startswith("{")]
            return [line for line in lines if line.get("request_id") == request_id]

        assert wait_for(lambda: any("ended" in line["message"] for line in traced()), timeout=90), worker_log(tmp_path)
    lines = traced()
    assert any(line["message"] == "task accreditation.tasks.outbox.run_outbox_job started" for line in lines)
    assert all(line["task_id"] for line in lines)
