"""One HTML page for the domain errors of the pages (accreditation/web.py): the error's status, its message and a
link back to where the person came from; the refused request saves nothing. API requests keep their JSON."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accreditation.applications import outbox
from accreditation.extensions import db
from accreditation.models import Application
from tests.builders import csrf_token, sign_in

HEAD_A = "head.a@example.org"


@pytest.fixture
def relayed(monkeypatch) -> list[int]:
    jobs: list[int] = []
    monkeypatch.setattr(outbox, "send_to_celery", jobs.append)
    return jobs


def _signed_in_in_english(client) -> None:
    """Signed in as the school's admin, who chooses English (saved by the request's end, no commit in the view)."""
    sign_in(client, HEAD_A)
    token = csrf_token(client.get("/").get_data(as_text=True))
    assert client.post("/language", data={"csrf_token": token, "language": "en", "next": "/"}).status_code == 302


def _applications(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Application))
        db.session.remove()
    return count


def test_a_refused_join_gets_the_error_page_with_its_status_message_and_a_way_back(app, client, world, relayed):
    _signed_in_in_english(client)
    dashboard_url = f"/schools/{world.school_a}"
    token = csrf_token(client.get(dashboard_url).get_data(as_text=True))
    join = f"/schools/{world.school_a}/programmes/ciss/join"
    assert client.post(join, data={"csrf_token": token}).status_code == 302
    assert _applications(app) == 1 and relayed  # committed by the request's end, then its jobs relayed
    relayed.clear()

    again = client.post(join, data={"csrf_token": token}, headers={"Referer": f"http://localhost{dashboard_url}"})
    html = again.get_data(as_text=True)
    assert again.status_code == 409
    assert "Not possible" in html and "already takes part in Certified Safe Internet School" in html
    assert f'href="{dashboard_url}"' in html and "Back to the page you came from" in html
    assert _applications(app) == 1 and relayed == []  # nothing saved, nothing relayed

    elsewhere = client.post(join, data={"csrf_token": token}, headers={"Referer": "https://example.com/phish"})
    assert elsewhere.status_code == 409
    assert "example.com" not in elsewhere.get_data(as_text=True)  # a link back only to this site


def test_a_guard_that_refuses_shows_every_reason_on_the_page_it_came_from(app, client, world, relayed):
    _signed_in_in_english(client)
    token = csrf_token(client.get(f"/schools/{world.school_a}").get_data(as_text=True))
    client.post(f"/schools/{world.school_a}/programmes/ciss/join", data={"csrf_token": token})
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        application_id, version = application.id, application.version
        db.session.remove()
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    refused = client.post(
        f"/applications/{application_id}/events/withdraw",
        data={"csrf_token": csrf_token(page), "expected_version": version, "comment": ""},
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="option-withdraw"' in html or "Withdraw" in html  # the application page again, not a bare error
    assert "Nothing was changed" in html
    with app.app_context():
        assert db.session.get(Application, application_id).version == version
        db.session.remove()
