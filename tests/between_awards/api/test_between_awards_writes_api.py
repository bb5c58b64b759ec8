"""The between-awards writes of the API (issue 30): a duty's owner and tick, the yearly health check, an incident's
change, the training CSV's preview and import. Who may call what (every route x every role, rows joining the
permission matrix), and what the calls do, through the pages' operations with their refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from accreditation.compliance.calendar import ensure_current
from accreditation.extensions import db
from accreditation.incidents.log import IncidentInput, record_incident
from accreditation.models import Application, ComplianceDuty, Incident, School, TrainingRecord
from tests.api.builders import Scene
from tests.api.test_permissions import Row, _statuses, _table
from tests.applications.builders import person

HEAD_A = "head.a@example.org"
#                 anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
ADMIN_A_ONLY = (401, 200, 403, 403, 403, 403, 403, 403, 403, 403)
CREATED_BY_ADMIN_A = (401, 201, 403, 403, 403, 403, 403, 403, 403, 403)
CSV = "name,role,course,date,provider\nAna,teacher,online-safety-basics,2026-01-10,Academy\nBo,cook,,someday,\n"


def _a(scene: Scene) -> str:
    return f"/schools/{scene.world.school_a}"


def _duties(scene: Scene) -> None:
    ensure_current(db.session.get(School, scene.world.school_a), date.today())
    db.session.commit()


def _duty_id(scene: Scene) -> int:
    query = select(ComplianceDuty.id).where(ComplianceDuty.school_id == scene.world.school_a)
    return db.session.scalars(query.order_by(ComplianceDuty.id)).first()


def _incident(scene: Scene) -> None:
    school = db.session.get(School, scene.world.school_a)
    record_incident(person(HEAD_A), school, IncidentInput("grooming", date.today(), ("pupil",)), date.today())
    db.session.commit()


def _incident_id(scene: Scene) -> int:
    return db.session.scalars(select(Incident.id).where(Incident.school_id == scene.world.school_a)).first()


def _awarded(scene: Scene) -> None:
    db.session.get(Application, scene.ciss).awarded_at = datetime.now(UTC) - timedelta(days=30)
    db.session.commit()


INCIDENT = {"category": "cyberbullying", "occurred_on": "2026-01-11", "involved": ["pupil"]}

ROWS = [
    Row(
        "PUT /schools/{id}/calendar/{id}/owner",
        lambda s, r: ("PUT", f"{_a(s)}/calendar/{_duty_id(s)}/owner", {"json": {"owner_id": None}}),
        ADMIN_A_ONLY,
        _duties,
    ),
    Row(
        "POST /schools/{id}/calendar/{id}/done",
        lambda s, r: ("POST", f"{_a(s)}/calendar/{_duty_id(s)}/done", {"json": {"note": "Done."}}),
        ADMIN_A_ONLY,
        _duties,
    ),
    Row(
        "POST /schools/{id}/health-check",
        lambda s, r: ("POST", f"{_a(s)}/health-check", {"json": {}}),
        CREATED_BY_ADMIN_A,
        _awarded,
    ),
    Row(
        "PUT /schools/{id}/incidents/{id}",
        lambda s, r: ("PUT", f"{_a(s)}/incidents/{_incident_id(s)}", {"json": INCIDENT}),
        ADMIN_A_ONLY,
        _incident,
    ),
    Row(
        "POST /schools/{id}/training/import/preview",
        lambda s, r: ("POST", f"{_a(s)}/training/import/preview", {"json": {"content": CSV}}),
        ADMIN_A_ONLY,
    ),
    Row(
        "POST /schools/{id}/training/import",
        lambda s, r: ("POST", f"{_a(s)}/training/import", {"json": {"content": CSV}}),
        CREATED_BY_ADMIN_A,
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_between_awards_write_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )


def test_the_calendar_through_the_api(app, api, scene):
    with app.app_context():
        _duties(scene)
        duty = _duty_id(scene)
        staff_id = person("staff.a@example.org").id
    a = _a(scene)
    answer = api.put(f"{a}/calendar/{duty}/owner", "school_admin_a", json={"owner_id": staff_id})
    assert answer.status_code == 200 and answer.get_json()["owner_id"] == staff_id
    assert answer.get_json()["title"] != answer.get_json()["duty_code"]  # the programme's title, in a language
    assert api.put(f"{a}/calendar/999999/owner", "school_admin_a", json={"owner_id": None}).status_code == 404
    done = api.post(f"{a}/calendar/{duty}/done", "school_staff_a", json={"note": "Checked."})  # the owner ticks
    assert done.status_code == 200 and done.get_json()["done_on"] == date.today().isoformat()
    again = api.post(f"{a}/calendar/{duty}/done", "school_admin_a", json={})
    assert again.status_code == 422 and again.get_json()["error"]["message"] == "This duty is already done."
    listed = {row["id"]: row for row in api.get(f"{a}/calendar", "school_admin_a").get_json()}
    assert listed[duty]["note"] == "Checked."


def test_the_health_check_through_the_api(app, api, scene):
    a = _a(scene)
    refused = api.post(f"{a}/health-check", "school_admin_a", json={})
    assert refused.status_code == 409  # no award yet
    with app.app_context():
        _awarded(scene)
    sent = api.post(f"{a}/health-check", "school_admin_a", json={"dropped": ["filtering"], "note": "Filter changed."})
    assert sent.status_code == 201, sent.get_json()
    body = sent.get_json()
    assert body["good_standing"] is False and body["renewal"] == "full_review"
    assert body["dropped_criteria"] in (["filtering"], [])  # kept only when the award's self-assessment has it
    assert api.post(f"{a}/health-check", "school_admin_a", json={}).status_code == 409  # once a year
    read = api.get(f"{a}/health-check", "coordinator_in").get_json()
    assert read["period"] == body["period"] and read["good_standing"] is False


def test_an_incident_changed_through_the_api_warns_as_the_form_does(app, api, scene):
    a = _a(scene)
    created = api.post(f"{a}/incidents", "school_admin_a", json={**INCIDENT, "description": "Nothing personal."})
    incident = created.get_json()["id"]
    changed = api.put(
        f"{a}/incidents/{incident}", "school_admin_a", json={**INCIDENT, "description": "Call +373 22 123 456."}
    )
    assert changed.status_code == 200 and changed.get_json()["warnings"]
    assert changed.get_json()["description"] == "Call +373 22 123 456."  # warned, never refused
    bad = api.put(f"{a}/incidents/{incident}", "school_admin_a", json={**INCIDENT, "category": "weather"})
    assert bad.status_code == 422
    assert api.put(f"{a}/incidents/999999", "school_admin_a", json=INCIDENT).status_code == 404


def test_the_training_csv_is_previewed_then_imported_with_its_rejected_rows(app, api, scene):
    a = _a(scene)
    with app.app_context():
        before = db.session.scalar(select(db.func.count(TrainingRecord.id)))
    preview = api.post(f"{a}/training/import/preview", "school_admin_a", json={"content": CSV})
    assert preview.status_code == 200
    body = preview.get_json()
    assert (body["accepted"], body["recorded"]) == (1, False)
    assert [row["line"] for row in body["rejected"]] == [3] and body["rejected"][0]["reasons"]
    with app.app_context():
        assert db.session.scalar(select(db.func.count(TrainingRecord.id))) == before  # a preview saves nothing
    imported = api.post(f"{a}/training/import", "school_admin_a", json={"content": CSV})
    assert imported.status_code == 201 and imported.get_json()["recorded"] is True
    with app.app_context():
        assert db.session.scalar(select(db.func.count(TrainingRecord.id))) == before + 1
    empty = api.post(f"{a}/training/import", "school_admin_a", json={"content": "\n"})
    assert empty.status_code == 422 and "first row must name the columns" in empty.get_json()["error"]["message"]
