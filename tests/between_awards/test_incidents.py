"""The incident log through the pages: a school's admin records incidents (an e-mail address in the description
brings the warning, and the incident is saved all the same); the log is the school admins' only; the school's
trends count them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Incident
from tests.between_awards.builders import HEAD_A, post_form, text_of
from tests.builders import sign_in, sign_out

RECENT = (date.today() - timedelta(days=10)).isoformat()
LAST_YEAR = (date.today() - timedelta(days=500)).isoformat()


def _incident(**changes) -> dict:
    return {
        "category": "cyberbullying",
        "occurred_on": RECENT,
        "involved": ["pupil", "parent"],
        "description": "Pupils of year 7 shared insulting messages in a class chat.",
        "action_taken": "Talked with the pupils and their parents; the messages were removed.",
        "referral": "md-child-helpline",
        **changes,
    }


def test_an_e_mail_address_in_the_description_brings_the_warning_and_the_incident_is_saved(app, client, world):
    sign_in(client, HEAD_A)
    base = f"/schools/{world.school_a}/incidents"
    answer = post_form(
        client, f"{base}/new", f"{base}/new", _incident(description="The pupil wrote to mother.x@mail.md at night.")
    )
    assert answer.status_code == 302
    page = client.get(answer.headers["Location"])
    text = text_of(page.get_data(as_text=True))
    assert "It looks like an e-mail address is written here." in text
    assert "change the text below to remove them" in text
    assert 'id="privacy-warning"' in page.get_data(as_text=True)
    with app.app_context():
        incident = db.session.scalars(select(Incident)).one()
        assert incident.involved == "pupil,parent" and incident.referral == "md-child-helpline"

    changed = post_form(
        client, answer.headers["Location"], answer.headers["Location"], _incident(description="A pupil wrote at night.")
    )
    assert changed.status_code == 302
    again = client.get(changed.headers["Location"]).get_data(as_text=True)
    assert 'id="privacy-warning"' not in again


def test_a_clean_incident_brings_no_warning_and_the_trends_count_it(app, client, world):
    sign_in(client, HEAD_A)
    base = f"/schools/{world.school_a}/incidents"
    for fields in (_incident(), _incident(category="grooming"), _incident(occurred_on=LAST_YEAR)):
        answer = post_form(client, f"{base}/new", f"{base}/new", fields)
        assert answer.status_code == 302
        assert "privacy-warning" not in client.get(answer.headers["Location"]).get_data(as_text=True)
    html = client.get(base).get_data(as_text=True)
    row = html.split('data-category="cyberbullying">', 1)[1].split("</tr>", 1)[0]
    assert text_of(row) == "Cyberbullying 1 1"
    row = html.split('data-category="grooming">', 1)[1].split("</tr>", 1)[0]
    assert text_of(row) == "Grooming 1 0"


def test_a_wrong_category_route_or_date_is_refused_with_the_reason(app, client, world):
    sign_in(client, HEAD_A)
    base = f"/schools/{world.school_a}/incidents"
    future = post_form(client, f"{base}/new", f"{base}/new", _incident(occurred_on="2099-01-01"))
    assert future.status_code == 422
    assert "The incident's date is in the future." in text_of(future.get_data(as_text=True))
    ukrainian = post_form(client, f"{base}/new", f"{base}/new", _incident(referral="ua-cyberpolice"))
    assert ukrainian.status_code == 422  # a Moldovan school is offered Moldova's routes only


def test_the_log_is_the_school_admins_only(app, client, world):
    base = f"/schools/{world.school_a}/incidents"
    sign_in(client, HEAD_A)
    created = post_form(client, f"{base}/new", f"{base}/new", _incident())
    incident = created.headers["Location"]
    sign_out(client)
    for email in ("staff.a@example.org", "coord.md@example.org", "admin@example.org", "head.b@example.org"):
        sign_in(client, email)
        assert client.get(base).status_code == 403, email
        assert client.get(incident).status_code == 403, email
        sign_out(client)
