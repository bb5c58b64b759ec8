"""The whole assessor journey over HTTP on PostgreSQL, with the real self-assessment and documents: submit →
assign (the proposal) → review → changes requested → the school reads the feedback, mends and resubmits → a
partial second round → site visit (CISS) → approve the top level → moderation by a second assessor → certified /
labelled, with every step in the history."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from accreditation.applications.runtime import current_workflows
from accreditation.assessment.answers import AnswerInput, save_answers, workspace
from accreditation.extensions import db
from accreditation.i18n import zone_name_of
from accreditation.models import Application
from tests.api.builders import make_token
from tests.applications.builders import LONG_COMMENT, add_second_assessor, person
from tests.applications.web import page, post_event, signed_in
from tests.assessment.builders import HEAD_A, answer_all, ready_for_answers, upload_required
from tests.builders import csrf_token
from tests.review.builders import COORDINATOR, LEAD, MODERATOR, criteria

FINAL = {"ciss": ("certified", "exemplary"), "esafety-label": ("labelled", "gold")}
TOP_LEVEL = {"ciss": "Exemplary", "esafety-label": "Gold"}


def _version(app, application_id: int) -> int:
    with app.app_context():
        return db.session.get(Application, application_id).version


def _assign_proposed(client, application_id: int, role: str) -> None:
    html = page(client, application_id)
    proposal = re.search(rf'<section class="proposal" id="proposal-{role}".*?</section>', html, re.S).group(0)
    assessor_id = re.search(r'name="assessor_id" value="(\d+)"', proposal).group(1)
    response = client.post(
        f"/applications/{application_id}/assessors",
        data={"csrf_token": csrf_token(html), "assessor_id": assessor_id, "role": role},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def _judge_over_http(client, application_id: int, judgments: dict[str, dict]) -> None:
    for code, values in judgments.items():
        html = client.get(f"/applications/{application_id}/review?criterion={code}").get_data(as_text=True)
        response = client.post(
            f"/applications/{application_id}/review/judgments/{code}", data={"csrf_token": csrf_token(html), **values}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def _bare_decisions_refused(app, client, token: str, application_id: int) -> int:
    """Every decision the person may make now, fired as a bare event through the page's and the API's generic
    routes: each refused (422, pointing to the decision's own form or route), nothing changed. How many were tried."""
    with app.app_context():
        found = db.session.get(Application, application_id)
        programme = current_workflows().programme(found.programme_code)
        events = [event for event in programme.events_from(found.state) if event.decision and "assessor" in event.roles]
    before = _version(app, application_id)
    api = app.test_client()
    data = {"comment": "Bare.", "level": "gold", "date": (date.today() + timedelta(days=9)).isoformat()}
    for event in events:
        page_answer = post_event(client, application_id, event.name, version=before, **data)
        assert page_answer.status_code == 422, (event.name, page_answer.status_code)
        html = page_answer.get_data(as_text=True)
        assert "is a decision" in html and 'id="decision-page"' in html, event.name
        api_answer = api.post(
            f"/api/v1/applications/{application_id}/events/{event.name}",
            json={"expected_version": before, "items": ["Made up."], **data},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert api_answer.status_code == 422, (event.name, api_answer.get_json())
        assert api_answer.get_json()["error"]["code"] == "decision_required", event.name
    assert _version(app, application_id) == before
    return len(events)


def _decide(app, client, application_id: int, name: str, **fields):
    html = client.get(f"/applications/{application_id}/review/decision").get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "expected_version": _version(app, application_id), **fields}
    return client.post(f"/applications/{application_id}/review/decision/{name}", data=data)


@pytest.mark.postgres
@pytest.mark.parametrize("programme", ["ciss", "esafety-label"])
def test_the_whole_assessor_journey_over_http(app, world, programme):
    with app.app_context():
        application_id = ready_for_answers(world, programme)
        answer_all(application_id, level=4)  # above the benchmarks: the top level
        upload_required(application_id)
        add_second_assessor()
        lead_token, moderator_token = make_token(LEAD)[0], make_token(MODERATOR)[0]
        person(HEAD_A).language = "en"  # the texts asserted (the school's language would be chosen otherwise)
        db.session.commit()
    school, coordinator = signed_in(app, HEAD_A), signed_in(app, COORDINATOR)
    lead, moderator = signed_in(app, LEAD), signed_in(app, MODERATOR)
    tried = 0

    # submit → assign (the proposal: the world's assessor, first by name) → start the review
    assert post_event(school, application_id, "submit", comment=LONG_COMMENT).status_code == 302
    _assign_proposed(coordinator, application_id, "lead")
    assert "Artem Assessor — Lead assessor" in page(coordinator, application_id)
    assert lead.get(f"/applications/{application_id}/review").status_code == 200  # its first visit opens it
    assert f'id="application-{application_id}"' in lead.get("/assessor/queue").get_data(as_text=True)

    # round 1: two criteria found wanting (minor gaps), the rest agreed → changes requested, itemised
    with app.app_context():
        codes = [criterion.code for criterion in criteria(application_id)]
    wanting = {
        codes[0]: {"verdict": "insufficient", "comment": "The training log is missing.", "gap": "minor"},
        codes[1]: {"verdict": "different", "level": "3", "comment": "Only two classes so far.", "gap": "minor"},
    }
    _judge_over_http(lead, application_id, {**{code: {"verdict": "agree"} for code in codes[2:]}, **wanting})
    decision_html = lead.get(f"/applications/{application_id}/review/decision").get_data(as_text=True)
    assert "The training log is missing." in decision_html  # the preview of the items
    tried += _bare_decisions_refused(app, lead, lead_token, application_id)
    response = _decide(app, lead, application_id, "changes", comment="Two things to mend.")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]

    # the school reads the feedback per criterion, mends one answer and resubmits
    feedback = school.get(f"/applications/{application_id}/feedback").get_data(as_text=True)
    assert "Round 1: Changes requested" in feedback and "The training log is missing." in feedback
    with app.app_context():
        space = workspace(application_id, person(HEAD_A))
        answer = space.answers()[codes[0]]
        save_answers(
            application_id, person(HEAD_A), [AnswerInput(codes[0], 4, LONG_COMMENT + " Log added.", answer.revision)]
        )
        db.session.commit()
    resubmit = "resubmit" if programme == "ciss" else "submit"
    untouched = post_event(school, application_id, resubmit, comment=LONG_COMMENT)
    assert untouched.status_code == 422  # the second criterion was left as it was: the school must say so
    assert post_event(school, application_id, resubmit, comment=LONG_COMMENT, send_as_is="y").status_code == 302
    assert lead.get(f"/applications/{application_id}/review").status_code == 200  # its first visit opens it

    # round 2 is partial: only the two criteria found wanting are judged again
    review_html = lead.get(f"/applications/{application_id}/review").get_data(as_text=True)
    assert "Partial round" in review_html and "carried over from round 1" in review_html
    _judge_over_http(lead, application_id, {codes[0]: {"verdict": "agree"}, codes[1]: {"verdict": "agree"}})

    if programme == "ciss":  # the site visit, with its calendar file for both sides
        visit_day = date.today() + timedelta(days=14)
        response = _decide(
            app, lead, application_id, "visit", day=visit_day.isoformat(), at="09:30", minutes="180", place="Main hall"
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        tried += _bare_decisions_refused(app, lead, lead_token, application_id)
        ics = school.get(f"/applications/{application_id}/visit.ics").get_data(as_text=True)
        with app.app_context():  # 09:30 where the lead assessor works (their automatic time zone), in UTC
            zone = ZoneInfo(zone_name_of(person(LEAD)))
            db.session.remove()
        starts = datetime.combine(visit_day, time(9, 30), tzinfo=zone).astimezone(UTC)
        assert f"DTSTART:{starts:%Y%m%dT%H%M%S}Z" in ics and "LOCATION:Main hall" in ics

    # approve: the top level is recommended; it goes to moderation, and needs a moderator first
    decision_html = lead.get(f"/applications/{application_id}/review/decision").get_data(as_text=True)
    assert re.search(rf'id="recommended">{TOP_LEVEL[programme]}<', decision_html)
    final_state, top = FINAL[programme]
    response = _decide(app, lead, application_id, "award", level=top)
    assert response.status_code == 422
    assert "a coordinator must first assign a moderator" in response.get_data(as_text=True)
    _assign_proposed(coordinator, application_id, "moderator")
    response = _decide(app, lead, application_id, "award", level=top)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        assert db.session.get(Application, application_id).state == "moderation"

    # the lead cannot confirm their own proposal; the moderator does
    tried += _bare_decisions_refused(app, moderator, moderator_token, application_id)
    assert _decide(app, lead, application_id, "confirm").status_code == 422
    response = _decide(app, moderator, application_id, "confirm", comment="Seen the evidence: agreed.")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]

    with app.app_context():
        done = db.session.get(Application, application_id)
        assert (done.state, done.award_level) == (final_state, top)
    assert "The assessor confirmed the award." in page(school, application_id)  # the school reads it in plain words
    html = page(coordinator, application_id)  # the detailed history: every event by its name
    events = re.findall(r'<li id="record-\d+">.*?<strong>(.*?)</strong>', html, re.S)
    expected = ["Joined the programme"]
    if programme == "ciss":
        expected += ["Admit to the pilot"]
    expected += ["Start the self-assessment", "Submit for review", "Start the review"]
    expected += (
        ["Ask the school for changes", "Submit the changes"]
        if programme == "ciss"
        else [
            "Return to the school for more work",
            "Submit for review",
        ]
    )
    expected += ["Start the review"]
    if programme == "ciss":
        expected += ["Schedule the site visit", "Propose the top level for moderation"]
    else:
        expected += ["Propose Gold for moderation"]
    expected += ["Confirm the proposed level" if programme == "ciss" else "Confirm the proposed label"]
    assert events == expected
    feedback = school.get(f"/applications/{application_id}/feedback").get_data(as_text=True)
    assert "Round 2: Awarded" in feedback and "Round 1: Changes requested" in feedback
    # every decision event of the programme was refused as a bare event at least once on the way
    with app.app_context():
        decisions = [e for e in current_workflows().programme(programme).events.values() if e.decision]
    assert tried >= len({event.name for event in decisions}), tried
