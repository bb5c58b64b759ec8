"""``/metrics`` as Prometheus reads it: only with the configured bearer token; requests counted by URL rule (never
the raw path), state changes counted once committed, e-mails sent and failed, certificate PDFs timed, and the
outbox's backlog read from the database."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from accreditation.applications import fire
from accreditation.extensions import db
from accreditation.mail import MailError, send_mail
from accreditation.models import OutboxJob
from tests.applications.builders import fire_as, person, start
from tests.certificates.builders import certified

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def scrape(app, client, monkeypatch):
    """Read /metrics with the token: {(name, labels as a sorted tuple): value}."""
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)

    def read() -> dict[tuple[str, tuple], float]:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        values = {}
        for family in text_string_to_metric_families(response.get_data(as_text=True)):
            for sample in family.samples:
                values[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return values

    return read


def test_metrics_are_off_without_a_token_and_refused_with_a_wrong_one(app, client, monkeypatch):
    assert client.get("/metrics").status_code == 404
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_requests_are_counted_by_their_url_rule(client, scrape):
    key = ("ssa_http_requests_total", (("method", "GET"), ("route", "/verify/<code>"), ("status", "404")))
    before = scrape().get(key, 0)
    for code in ("AAAA-BBBB", "CCCC-DDDD", "EEEE-FFFF"):
        assert client.get(f"/verify/{code}").status_code == 404
    after = scrape()
    assert after[key] == before + 3
    assert not [name for name in after if any("AAAA" in value for _, value in name[1])]
    latency = ("ssa_http_request_duration_seconds_count", (("method", "GET"), ("route", "/verify/<code>")))
    assert after[latency] >= 3


def test_a_state_change_counts_once_committed(app, world, evidence, sent, scrape):
    key = ("ssa_transitions_total", (("event", "accept"), ("programme", "ciss")))
    before = scrape().get(key, 0)
    with app.app_context():
        application_id = start(world, "ciss", "a")
        fire(application_id, "accept", person("coord.md@example.org"))
        db.session.rollback()  # not committed: never happened
        assert scrape().get(key, 0) == before
        fire_as(application_id, "accept", "coord.md@example.org")
    assert scrape()[key] == before + 1


def test_the_outbox_backlog_and_its_oldest_job_are_read_from_the_database(app, world, sent, scrape):
    with app.app_context():
        start(world, "ciss", "a")  # its entry actions wait in the outbox (the relay is recorded, not sent)
        pending = db.session.scalar(select(func.count()).select_from(OutboxJob).where(OutboxJob.done_at.is_(None)))
    values = scrape()
    assert pending > 0 and values[("ssa_outbox_backlog_jobs", ())] == pending
    assert values[("ssa_outbox_oldest_job_age_seconds", ())] >= 0
    assert values[("ssa_reminders_due", ())] == 0


def test_emails_sent_and_failed_are_counted(app, scrape, monkeypatch):
    sent_key, failed_key = ("ssa_emails_total", (("outcome", "sent"),)), ("ssa_emails_total", (("outcome", "failed"),))
    before = scrape()
    with app.app_context():
        send_mail("someone@example.org", "Hello", "Text")  # written as a file: no mail server configured
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens: refused
        with pytest.raises(MailError):
            send_mail("someone@example.org", "Hello", "Text")
    after = scrape()
    assert after[sent_key] == before.get(sent_key, 0) + 1
    assert after[failed_key] == before.get(failed_key, 0) + 1


def test_certificate_generation_is_timed(app, world, evidence, sent, scrape):
    key = ("ssa_certificate_generation_seconds_count", ())
    before = scrape()[key]
    with app.app_context():
        certified(world)
    after = scrape()
    assert after[key] == before + 1
    assert after[("ssa_certificate_generation_seconds_sum", ())] > 0
