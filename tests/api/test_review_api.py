"""The assessor's side of the API over HTTP with real tokens: the lead assessor judges every criterion of a CISS
application's real self-assessment, schedules and moves the site visit, and decides through ``/decisions/...``;
each round's record (decision, level, date, items) is complete in ``GET .../rounds`` and the history. The refusals:
not the lead (403), an incomplete review (422 listing what is left), a stale version (409), bad input (422).

The scene's CISS application was submitted without a self-assessment (nothing to judge), so these tests build one
with real answers and documents (``tests.review.builders.under_review``) and the second assessor as moderator."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import Review
from tests.api.builders import ApiClient, version_of
from tests.applications.builders import SECOND_ASSESSOR, assign
from tests.review.builders import under_review

LEAD = "assessor_assigned"
MODERATOR = "assessor_unassigned"  # the second assessor, assigned here as the moderator
SCHOOL = "school_admin_a"


@pytest.fixture
def ciss(app, world, tokens) -> int:
    """School A's CISS application under review: real answers (at the benchmarks) and documents, the world's
    assessor as lead, the second assessor as moderator."""
    with app.app_context():
        application_id = under_review(world, "ciss")
        assign(application_id, SECOND_ASSESSOR, "moderator")
        db.session.remove()
    return application_id


def _version(app, application_id: int) -> int:
    with app.app_context():
        return version_of(application_id)


def _reviews(app, application_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Review).where(Review.application_id == application_id)
        )


def _review(api: ApiClient, application_id: int, as_: str = LEAD) -> dict:
    response = api.get(f"/applications/{application_id}/review", as_)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _judge(api: ApiClient, application_id: int, code: str, as_: str = LEAD, **body):
    return api.put(f"/applications/{application_id}/review/judgments/{code}", as_, json=body)


def _judge_all(api: ApiClient, application_id: int, wanting: int = 0) -> dict:
    """Agree with every criterion but the first ``wanting`` ones, judged a level below their claim (minor gaps)."""
    shown = _review(api, application_id)
    for index, row in enumerate(shown["criteria"]):
        if index < wanting:
            body = {"verdict": "different", "level": row["claimed_level"] - 1, "gap": "minor", "comment": "Not yet."}
        else:
            body = {"verdict": "agree"}
        response = _judge(api, application_id, row["code"], **body)
        assert response.status_code == 200, response.get_json()
        shown = response.get_json()
    return shown


def _visit(app, application_id: int, days: int = 10, **extra) -> dict:
    return {
        "expected_version": _version(app, application_id),
        "date": (date.today() + timedelta(days=days)).isoformat(),
        "time": "10:00",
        "minutes": 120,
        "place": "The school's library",
        **extra,
    }


def test_the_lead_judges_every_criterion_schedules_the_visit_and_awards(app, api, ciss):
    shown = _review(api, ciss)
    codes = [row["code"] for row in shown["criteria"]]
    assert shown["opened"] is False and shown["editable"] is True and shown["recommendation"] is None
    assert [item["code"] for item in shown["left_to_judge"]] == codes
    assert all(row["claimed_level"] == row["benchmark"] and row["commentary"] for row in shown["criteria"])
    assert any(row["documents"] for row in shown["criteria"])
    assert _reviews(app, ciss) == 0  # reading opens nothing

    early = api.post(
        f"/applications/{ciss}/decisions/reject",
        LEAD,
        json={"expected_version": _version(app, ciss), "comment": "Too early."},
    )
    assert early.status_code == 422, early.get_json()
    assert early.get_json()["error"]["code"] == "review_incomplete"
    assert shown["criteria"][0]["title"] in early.get_json()["error"]["reasons"]

    first = _judge(api, ciss, codes[0], verdict="agree")
    assert first.status_code == 200
    assert first.get_json()["opened"] is True and first.get_json()["criteria"][0]["status"] == "judged"
    assert [item["code"] for item in first.get_json()["left_to_judge"]] == codes[1:]

    shown = _judge_all(api, ciss, wanting=1)
    assert shown["left_to_judge"] == [] and shown["judged"] == len(codes)
    recommended = shown["recommendation"]["level"]["code"]
    assert shown["recommendation"]["at_benchmark"] == len(codes) - 1
    assert "Recommended level" in shown["recommendation"]["why"]

    visit = api.post(f"/applications/{ciss}/decisions/visit", LEAD, json=_visit(app, ciss, timezone="Europe/Chisinau"))
    assert visit.status_code == 200, visit.get_json()
    assert visit.get_json()["state"] == "visit_scheduled"
    day = date.today() + timedelta(days=10)
    starts = datetime.combine(day, time(10), tzinfo=ZoneInfo("Europe/Chisinau")).astimezone(UTC)
    standing = _review(api, ciss)["visit"]
    assert datetime.fromisoformat(standing["starts_at"]) == starts
    assert standing["place"] == "The school's library" and standing["sequence"] == 0

    moved = _visit(app, ciss, days=12, comment="The school asked for a later day.")
    assert api.post(f"/applications/{ciss}/decisions/visit", LEAD, json=moved).status_code == 200
    calendar = api.get(f"/applications/{ciss}/visit.ics", SCHOOL)
    assert calendar.status_code == 200 and calendar.mimetype == "text/calendar"
    assert "SEQUENCE:1" in calendar.get_data(as_text=True)
    assert "LOCATION:The school's library" in calendar.get_data(as_text=True)

    award = {"expected_version": _version(app, ciss), "level": recommended}
    decided = api.post(f"/applications/{ciss}/decisions/award", LEAD, json=award)
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["state"] == "certified"
    assert decided.get_json()["award"]["level"] == recommended

    rounds = api.get(f"/applications/{ciss}/rounds", SCHOOL)
    assert rounds.status_code == 200
    [record] = rounds.get_json()
    assert record["round"] == 1 and record["decision"] == "awarded" and record["level"]["code"] == recommended
    assert record["decided_at"] and record["decided_by"] and record["event"] == "certify"
    assert record["recommended_level"]["code"] == recommended and record["items"] == []
    history = api.get(f"/applications/{ciss}/history", SCHOOL).get_json()
    assert history[-1]["event"] == "certify" and history[-1]["version"] == record["version"]
    assert history[-1]["data"]["level"] == recommended

    detail = api.get(f"/applications/{ciss}/rounds/1", SCHOOL).get_json()
    assert [row["code"] for row in detail["criteria"]] == codes
    assert detail["criteria"][0]["judgment"]["verdict"] == "different"
    assert api.get(f"/applications/{ciss}/rounds/2", SCHOOL).status_code == 404
    after = _review(api, ciss)
    assert after["decision"] == "awarded" and after["editable"] is False


def test_changes_requested_list_the_items_the_school_reads_in_its_rounds(app, api, ciss):
    _judge_all(api, ciss, wanting=2)
    assert api.get(f"/applications/{ciss}/rounds", SCHOOL).get_json() == []  # never the draft
    body = {"expected_version": _version(app, ciss), "comment": "Two criteria need more work."}
    response = api.post(f"/applications/{ciss}/decisions/changes", LEAD, json=body)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["state"] == "changes_requested"

    [record] = api.get(f"/applications/{ciss}/rounds", SCHOOL).get_json()
    assert record["decision"] == "changes_requested" and record["comment"] == "Two criteria need more work."
    assert len(record["items"]) == 2 and all("Not yet." in item for item in record["items"])
    assert record["level"] is None and record["decided_at"]
    assert api.get(f"/applications/{ciss}/rounds", "member_b").status_code == 403
    history = api.get(f"/applications/{ciss}/history", SCHOOL).get_json()
    assert history[-1]["event"] == "request_changes" and history[-1]["data"]["items"] == record["items"]


def test_the_top_level_goes_to_the_moderator_who_sends_it_back_then_confirms(app, api, ciss):
    _judge_all(api, ciss)
    assert api.post(f"/applications/{ciss}/decisions/visit", LEAD, json=_visit(app, ciss)).status_code == 200
    propose = {
        "expected_version": _version(app, ciss),
        "level": "exemplary",
        "justification": "An exemplary programme, seen at the visit.",
    }
    proposed = api.post(f"/applications/{ciss}/decisions/award", LEAD, json=propose)
    assert proposed.status_code == 200, proposed.get_json()
    assert proposed.get_json()["state"] == "moderation"
    assert api.get(f"/applications/{ciss}/rounds", SCHOOL).get_json() == []  # not decided yet

    refused = api.post(f"/applications/{ciss}/decisions/confirm", LEAD, json={"expected_version": _version(app, ciss)})
    assert refused.status_code in (403, 422), refused.get_json()
    back = {"expected_version": _version(app, ciss), "comment": "Please describe the visit's findings first."}
    sent_back = api.post(f"/applications/{ciss}/decisions/send_back", MODERATOR, json=back)
    assert sent_back.status_code == 200, sent_back.get_json()
    assert sent_back.get_json()["state"] == "visit_scheduled"

    propose["expected_version"] = _version(app, ciss)
    assert api.post(f"/applications/{ciss}/decisions/award", LEAD, json=propose).status_code == 200
    confirm = {"expected_version": _version(app, ciss), "comment": "Agreed."}
    confirmed = api.post(f"/applications/{ciss}/decisions/confirm", MODERATOR, json=confirm)
    assert confirmed.status_code == 200, confirmed.get_json()
    assert confirmed.get_json()["state"] == "certified"
    [record] = api.get(f"/applications/{ciss}/rounds", SCHOOL).get_json()
    assert record["decision"] == "awarded" and record["level"]["code"] == "exemplary"
    assert record["event"] == "confirm_award"


def test_refusals_not_the_lead_incomplete_stale_and_bad_input(app, api, ciss):
    codes = [row["code"] for row in _review(api, ciss)["criteria"]]
    not_lead = _judge(api, ciss, codes[0], as_=MODERATOR, verdict="agree")
    assert not_lead.status_code == 403 and not_lead.get_json()["error"]["code"] == "not_the_lead"
    assert _judge(api, ciss, codes[0], as_=SCHOOL, verdict="agree").status_code == 403

    no_level = _judge(api, ciss, codes[0], verdict="different", comment="Lower.")
    assert no_level.status_code == 422 and "level" in no_level.get_json()["error"]["message"]
    no_comment = _judge(api, ciss, codes[0], verdict="insufficient", gap="minor")
    assert no_comment.status_code == 422 and "comment" in no_comment.get_json()["error"]["message"]
    assert _judge(api, ciss, "no-such-criterion", verdict="agree").status_code == 422
    wrong_type = _judge(api, ciss, codes[0], verdict="agree", level="3")
    assert wrong_type.status_code == 422 and "level" in wrong_type.get_json()["error"]["fields"]
    assert _reviews(app, ciss) == 0  # nothing half-written: not even the round they would have opened
    assert _review(api, ciss)["judged"] == 0

    saved = _judge(api, ciss, codes[0], verdict="agree").get_json()
    stale = _judge(api, ciss, codes[0], verdict="insufficient", gap="minor", comment="No log.", revision=1)
    assert stale.status_code == 409 and stale.get_json()["error"]["saved"]["verdict"] == "agree"
    revision = saved["criteria"][0]["revision"]
    again = _judge(api, ciss, codes[0], verdict="insufficient", gap="minor", comment="No log.", revision=revision)
    assert again.status_code == 200 and again.get_json()["criteria"][0]["judgment"]["verdict"] == "insufficient"

    incomplete = api.post(
        f"/applications/{ciss}/decisions/reject", LEAD, json={"expected_version": _version(app, ciss), "comment": "No."}
    )
    assert incomplete.status_code == 422
    titles = [row["title"] for row in _review(api, ciss)["left_to_judge"]]
    assert len(titles) == len(codes) - 1
    assert set(incomplete.get_json()["error"]["reasons"]) == set(titles)

    _judge_all(api, ciss)
    stale_version = {"expected_version": _version(app, ciss) - 1, "comment": "Too late."}
    assert api.post(f"/applications/{ciss}/decisions/reject", LEAD, json=stale_version).status_code == 409
    not_lead_reject = {"expected_version": _version(app, ciss), "comment": "Not mine to decide."}
    assert api.post(f"/applications/{ciss}/decisions/reject", MODERATOR, json=not_lead_reject).status_code == 403
    missing = api.post(f"/applications/{ciss}/decisions/award", LEAD, json={"level": "foundation"})
    assert missing.status_code == 422 and "expected_version" in missing.get_json()["error"]["fields"]
    bad_zone = api.post(f"/applications/{ciss}/decisions/visit", LEAD, json=_visit(app, ciss, timezone="Mars/Base"))
    assert bad_zone.status_code == 422 and "timezone" in bad_zone.get_json()["error"]["fields"]
    short = api.post(f"/applications/{ciss}/decisions/visit", LEAD, json=_visit(app, ciss, minutes=5))
    assert short.status_code == 422 and "minutes" in short.get_json()["error"]["message"]
    no_visit = api.get(f"/applications/{ciss}/visit.ics", LEAD)
    assert no_visit.status_code == 404 and no_visit.get_json()["error"]["code"] == "no_visit"
    reject = {"expected_version": _version(app, ciss), "comment": "The evidence does not support any level."}
    rejected = api.post(f"/applications/{ciss}/decisions/reject", LEAD, json=reject)
    assert rejected.status_code == 200 and rejected.get_json()["state"] == "not_certified"
    [record] = api.get(f"/applications/{ciss}/rounds", SCHOOL).get_json()
    assert record["decision"] == "rejected" and record["comment"] == reject["comment"]


def test_the_queue_shows_the_assessors_applications_with_their_due_dates(app, api, ciss):
    rows = api.get("/assessor/queue", LEAD).get_json()
    assert [row["application_id"] for row in rows] == [ciss]
    assert rows[0]["role"] == "lead" and rows[0]["your_move"] is True and rows[0]["due"] is not None
    assert api.get("/assessor/queue?programme=esafety-label", LEAD).get_json() == []
    moderator = api.get("/assessor/queue", MODERATOR).get_json()
    assert [(row["application_id"], row["role"]) for row in moderator] == [(ciss, "moderator")]
    assert api.get("/assessor/queue", SCHOOL).status_code == 403
    assert api.get("/assessor/queue?country=MDA", LEAD).status_code == 422


def test_conflicts_declared_recorded_and_withdrawn_as_the_pages_allow(app, api, ciss, world):
    with app.app_context():
        from accreditation.models import School, User
        from tests.applications.builders import person

        school = db.session.get(School, world.school_a)
        national_id, country = school.national_id, school.country_code
        second = person(SECOND_ASSESSOR).id
        assert db.session.get(User, second) is not None
    declare = {"country": country, "national_id": national_id, "kind": "advised", "note": "I trained its staff."}
    declared = api.post("/assessor/conflicts", LEAD, json=declare)
    assert declared.status_code == 201, declared.get_json()
    assert declared.get_json()["standing"] is True and declared.get_json()["school"]["id"] == world.school_a
    assert api.post("/assessor/conflicts", LEAD, json=declare).status_code == 422  # already recorded
    assert api.post("/assessor/conflicts", SCHOOL, json=declare).status_code == 403
    unknown = api.post("/assessor/conflicts", LEAD, json={**declare, "national_id": "nobody"})
    assert unknown.status_code == 422 and "nobody" in unknown.get_json()["error"]["message"]
    assert [c["id"] for c in api.get("/assessor/conflicts", LEAD).get_json()] == [declared.get_json()["id"]]

    record = {"assessor_id": second, "kind": "declared", "note": "Her sister teaches there."}
    assert api.post(f"/applications/{ciss}/conflicts", "coordinator_out", json=record).status_code == 403
    assert api.post(f"/applications/{ciss}/conflicts", MODERATOR, json=record).status_code == 403
    assert (
        api.post(f"/applications/{ciss}/conflicts", "coordinator_in", json={**record, "assessor_id": 99999}).status_code
        == 422
    )
    recorded = api.post(f"/applications/{ciss}/conflicts", "coordinator_in", json=record)
    assert recorded.status_code == 201, recorded.get_json()
    conflict_id = recorded.get_json()["id"]

    path = f"/applications/{ciss}/conflicts/{conflict_id}/withdraw"
    reason = {"note": "Recorded in error: wrong person."}
    assert api.post(path, MODERATOR, json=reason).status_code == 403  # the assessor cannot lift their own
    assert api.post(path, "coordinator_in", json={"note": "Oops"}).status_code == 422
    withdrawn = api.post(path, "coordinator_in", json=reason)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["standing"] is False
    assert api.post(path, "coordinator_in", json=reason).status_code == 409
    assert api.post(f"/applications/{ciss}/conflicts/999999/withdraw", "coordinator_in", json=reason).status_code == 404


def test_a_decision_takes_the_version_from_if_match_and_answers_412_when_it_is_stale(app, api, ciss):
    _judge_all(api, ciss)
    current = _version(app, ciss)
    body = {"date": (date.today() + timedelta(days=10)).isoformat(), "time": "10:00", "minutes": 60, "place": "Hall"}
    stale = api.post(f"/applications/{ciss}/decisions/visit", LEAD, json=body, headers={"If-Match": f'"{current - 1}"'})
    assert stale.status_code == 412 and stale.get_json()["error"]["code"] == "precondition_failed"
    missing = api.post(f"/applications/{ciss}/decisions/visit", LEAD, json=body)
    assert missing.status_code == 422 and "expected_version" in missing.get_json()["error"]["fields"]
    assert _version(app, ciss) == current
    done = api.post(f"/applications/{ciss}/decisions/visit", LEAD, json=body, headers={"If-Match": f'"{current}"'})
    assert done.status_code == 200, done.get_json()
    assert done.headers["ETag"] == f'"{current + 1}"' and done.get_json()["state"] == "visit_scheduled"
