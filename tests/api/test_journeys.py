"""Each programme from a new school's application to a verified certificate through the JSON API alone, as the
three callers who would do it from their own systems: the school (its head teacher), the coordinator and the
assessors. Tokens come from ``POST /tokens`` with each person's password; the only thing done outside the API is
what a worker does (the outbox jobs: e-mails, the certificate). On the way: a request for changes and a second
round, and everything written is read back."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest

from accreditation.accounts.users import create_user
from accreditation.extensions import db
from tests.api.builders import ASSESSOR, COORD_MD
from tests.applications.builders import LONG_COMMENT, SECOND_ASSESSOR
from tests.assessment.builders import PDF
from tests.builders import PASSWORD, add_school
from tests.certificates.builders import run_jobs

HEAD = "head.new@example.org"
# The history each journey leaves: CISS certified at its middle level after a visit; the eSafety Label's answers at
# the benchmarks earn Gold, which a second assessor confirms.
JOURNEYS = {
    "ciss": [
        *("join-programme", "accept", "start_self_assessment", "submit", "start_review", "request_changes"),
        *("resubmit", "start_review", "schedule_visit", "certify"),
    ],
    "esafety-label": [
        *("join-programme", "start_self_assessment", "submit", "start_review", "return_to_school", "submit"),
        *("start_review", "propose_top_award", "confirm_award"),
    ],
}


class Caller:
    """One person's system: its token from ``POST /tokens``, and calls that must succeed."""

    def __init__(self, client, email: str) -> None:
        self.client = client
        response = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD, "name": "our system"})
        assert response.status_code == 201, response.get_json()
        self.headers = {"Authorization": f"Bearer {response.get_json()['token']}"}

    def call(self, method: str, path: str, expected: int = 200, **kwargs):
        response = self.client.open(f"/api/v1{path}", method=method, headers=self.headers, **kwargs)
        assert response.status_code == expected, (method, path, response.status_code, response.get_data(as_text=True))
        return response

    def get(self, path: str, **kwargs):
        return self.call("GET", path, **kwargs).get_json()

    def post(self, path: str, expected: int = 200, **kwargs):
        return self.call("POST", path, expected, **kwargs).get_json()

    def put(self, path: str, **kwargs):
        return self.call("PUT", path, **kwargs).get_json()

    def fire(self, application_id: int, event: str, **data) -> dict:
        """Fire ``event`` by the route the application names for it (a decision's own route for a decision)."""
        shown = self.get(f"/applications/{application_id}")
        [action] = [action for action in shown["allowed_actions"] if action["event"] == event]
        assert action["decision"] is None, action
        return self.post(
            f"/applications/{application_id}/events/{event}", json={"expected_version": shown["version"], **data}
        )

    def decide(self, application_id: int, decision: str, **data) -> dict:
        version = self.get(f"/applications/{application_id}")["version"]
        return self.post(
            f"/applications/{application_id}/decisions/{decision}", json={"expected_version": version, **data}
        )


@pytest.fixture
def new_school(app, world, tokens) -> int:
    """A school that registered a moment ago: pending verification, its head teacher's account made."""
    with app.app_context():
        school = add_school("Liceul Teoretic Nou", "MD-7777", "MD", "MD-CU", verification="pending")
        create_user(HEAD, "Ana Head", "school-admin", PASSWORD, school_id=school.id)
        db.session.commit()
        return school.id


@pytest.mark.parametrize("programme", ["ciss", "esafety-label"])
def test_a_new_school_is_certified_through_the_api_alone(app, new_school, programme):
    client = app.test_client()
    coordinator, lead, moderator = Caller(client, COORD_MD), Caller(client, ASSESSOR), Caller(client, SECOND_ASSESSOR)
    head = Caller(client, HEAD)
    described = {item["code"]: item for item in client.get("/api/v1/programmes").get_json()}[programme]
    framework = client.get(f"/api/v1/programmes/{programme}/framework").get_json()
    criteria = [criterion for area in framework["areas"] for criterion in area["criteria"]]

    # the coordinator verifies the new school; its head joins the programme
    assert new_school in [school["id"] for school in coordinator.get("/schools/pending")]
    coordinator.post(f"/schools/{new_school}/verification", json={"decision": "verify"})
    joined = head.post("/applications", 201, json={"school_id": new_school, "programme": programme})
    application_id = joined["id"]
    path = f"/applications/{application_id}"
    if programme == "ciss":
        coordinator.fire(application_id, "accept")
        modules = head.get(f"{path}/modules")
        for module in modules["modules"]:
            head.post(f"{path}/modules/{module['code']}")
    head.fire(application_id, "start_self_assessment")

    # the self-assessment: every criterion answered at its benchmark, the required documents uploaded
    for criterion in criteria:
        body = {"level": criterion["benchmark"], "commentary": LONG_COMMENT}
        head.put(f"{path}/answers/{criterion['code']}", json=body)
    required = [kind["code"] for kind in framework["documents"] if kind["required"]]
    uploaded = {}
    for kind in required:
        data = {"file": (BytesIO(PDF), f"{kind}.pdf"), "kind": kind}
        document = head.post(f"{path}/documents", 201, data=data, content_type="multipart/form-data")
        uploaded[document["document_id"]] = kind
    answers = head.get(f"{path}/answers")
    assert {answer["criterion_code"]: answer["level"] for answer in answers["answers"]} == {
        criterion["code"]: criterion["benchmark"] for criterion in criteria
    }
    documents = head.get(f"{path}/documents")["documents"]
    assert {document["document_id"]: document["kind"] for document in documents} == uploaded
    first_file = documents[0]["versions"][0]["file_id"]
    assert head.call("GET", f"/documents/files/{first_file}").data == PDF
    assert head.get(f"{path}/results")["level"] is not None
    head.fire(application_id, "submit", comment=LONG_COMMENT)

    # the coordinator assigns the proposed lead assessor, and a moderator where the top level needs one
    panel = coordinator.get(f"{path}/assessor-proposals")
    [proposed_lead] = [proposal["proposed"] for proposal in panel["proposals"] if proposal["role"] == "lead"]
    coordinator.put(f"{path}/assessors/lead", json={"assessor_id": proposed_lead["assessor"]["id"]})
    assert application_id in [row["application_id"] for row in lead.get("/assessor/queue")]

    # round 1: one criterion found wanting → changes requested
    lead.fire(application_id, "start_review")
    wanting = criteria[0]["code"]
    for criterion in criteria:
        if criterion["code"] == wanting:
            body = {"verdict": "insufficient", "gap": "minor", "comment": "The training log is missing."}
        else:
            body = {"verdict": "agree"}
        lead.put(f"{path}/review/judgments/{criterion['code']}", json=body)
    returned = lead.decide(application_id, "changes", comment="One thing to mend.")
    assert returned["state"] == ("changes_requested" if programme == "ciss" else "self_assessment")

    # the school reads what is asked, mends that answer and submits again
    [round_one] = head.get(f"{path}/rounds")
    assert round_one["decision"] == "changes_requested"
    assert any("The training log is missing." in item for item in round_one["items"])
    answer = head.get(f"{path}/answers/{wanting}")
    mended = {
        "level": answer["level"],
        "commentary": LONG_COMMENT + " The log is attached.",
        "revision": answer["revision"],
    }
    head.put(f"{path}/answers/{wanting}", json=mended)
    head.fire(application_id, "resubmit" if programme == "ciss" else "submit", comment=LONG_COMMENT)

    # round 2: what is left to judge, then the visit (CISS) and the award
    lead.fire(application_id, "start_review")
    review = lead.get(f"{path}/review")
    for item in review["left_to_judge"]:
        review = lead.put(f"{path}/review/judgments/{item['code']}", json={"verdict": "agree"})
    assert review["left_to_judge"] == []
    if programme == "ciss":
        visit = {"date": (date.today() + timedelta(days=12)).isoformat(), "time": "09:30", "minutes": 180}
        lead.decide(application_id, "visit", place="Main hall", **visit)
        assert "LOCATION:Main hall" in lead.call("GET", f"{path}/visit.ics").get_data(as_text=True)
    level = lead.get(f"{path}/review")["recommendation"]["level"]["code"]
    needs_moderation = {item["code"]: item["needs_moderation"] for item in described["awards"]["levels"]}[level]
    if needs_moderation:
        panel = coordinator.get(f"{path}/assessor-proposals")
        [proposed] = [proposal["proposed"] for proposal in panel["proposals"] if proposal["role"] == "moderator"]
        coordinator.put(f"{path}/assessors/moderator", json={"assessor_id": proposed["assessor"]["id"]})
        assert lead.decide(application_id, "award", level=level)["state"] == "moderation"
        decided = moderator.decide(application_id, "confirm", comment="Seen the evidence: agreed.")
    else:
        decided = lead.decide(application_id, "award", level=level)
    assert decided["state"] == described["awards"]["granted_on"] and decided["award"]["level"] == level

    # the worker issues the certificate; the school reads it and anyone verifies it
    with app.app_context():
        run_jobs(application_id)
    [certificate] = [item for item in head.get(f"/schools/{new_school}/certificates") if item["kind"] == "award"]
    assert (certificate["level"], certificate["status"]) == (level, "valid")
    pdf = head.call("GET", f"/schools/{new_school}/certificates/{certificate['id']}/pdf")
    assert pdf.data.startswith(b"%PDF")
    credential = head.get(f"/schools/{new_school}/certificates/{certificate['id']}/credential")
    assert credential["proof"]
    verified = client.get(f"/api/v1/certificates/{certificate['code']}").get_json()
    assert (verified["status"], verified["school"], verified["level"]) == ("valid", "Liceul Teoretic Nou", level)

    # and everything reads back: both rounds, the whole history
    rounds = head.get(f"{path}/rounds")
    assert [item["decision"] for item in rounds] == ["changes_requested", "awarded"]
    events = [record["event"] for record in head.get(f"{path}/history")]
    assert events[0] == "join-programme" and events.count("start_review") == 2
    print(programme, level, events)
    assert events[-1] in ("certify", "award_label", "confirm_award")
