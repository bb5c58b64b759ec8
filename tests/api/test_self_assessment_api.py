"""The school's self-assessment through the API, over real HTTP with real tokens: what a school admin writes it
reads back (answers, documents and their versions, the downloaded bytes, a removal, results, action plan ticks,
modules, submitted rounds), and the refusals (another school 403, unknown ids 404, the wrong state 409/422)."""

from __future__ import annotations

from io import BytesIO

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Document, DocumentFile
from accreditation.storage import path_of
from tests.api.builders import ASSESSOR, COORD_MD, HEAD_A
from tests.applications.builders import fire_as, person, start
from tests.assessment.builders import PDF, PNG, answer_all, framework_of


def _upload(api, application_id: int, content: bytes = PDF, filename: str = "policy.pdf", **fields):
    data = {"file": (BytesIO(content), filename), **fields}
    return api.post(
        f"/applications/{application_id}/documents", "school_admin_a", data=data, content_type="multipart/form-data"
    )


def _new_version(api, application_id: int, document_id: int, content: bytes, filename: str, role="school_admin_a"):
    data = {"file": (BytesIO(content), filename)}
    path = f"/applications/{application_id}/documents/{document_id}/versions"
    return api.post(path, role, data=data, content_type="multipart/form-data")


def _submit_with_documents(app, api, scene) -> int:
    """Answer everything, upload every required document, submit: round 1. The id of the first document."""
    with app.app_context():
        answer_all(scene.esafety)
        kinds = [kind.code for kind in framework_of().required_documents]
    ids = [_upload(api, scene.esafety, kind=kind).get_json()["document_id"] for kind in kinds]
    with app.app_context():
        fire_as(scene.esafety, "submit", HEAD_A)
    return ids[0]


# --- answers ---------------------------------------------------------------------------------------------------------


def test_a_school_admin_reads_back_every_answer_and_what_is_still_unanswered(app, api, scene):
    with app.app_context():
        criteria = framework_of().criteria
    first, second = criteria[0].code, criteria[1].code
    put = api.put(
        f"/applications/{scene.esafety}/answers/{first}", "school_admin_a", json={"level": 2, "commentary": "Ok"}
    )
    assert put.status_code == 200
    sheet = api.get(f"/applications/{scene.esafety}/answers", "school_admin_a")
    assert sheet.status_code == 200, sheet.get_json()
    body = sheet.get_json()
    assert [row["criterion_code"] for row in body["answers"]] == [c.code for c in criteria]
    assert (body["answered"], body["total"], body["editable"]) == (1, len(criteria), True)
    row = body["answers"][0]
    assert (row["level"], row["commentary"], row["revision"]) == (2, "Ok", 1)
    with app.app_context():
        head = person(HEAD_A)
        assert row["updated_at"] and row["updated_by"] == {"id": head.id, "name": head.name}
    assert body["answers"][1] == {**body["answers"][1], "level": None, "revision": 0, "updated_at": None}
    unanswered = [item["criterion_code"] for item in body["unanswered"]]
    assert first not in unanswered and second in unanswered and len(unanswered) == len(criteria) - 1
    one = api.get(f"/applications/{scene.esafety}/answers/{first}", "school_staff_a")
    assert one.get_json() == row and one.headers["ETag"] == '"1"'
    assert api.get(f"/applications/{scene.esafety}/answers", "assessor_assigned").get_json()["editable"] is False


def test_answers_refuse_other_schools_unknown_ids_and_programmes_without_a_self_assessment(app, api, scene):
    assert api.get(f"/applications/{scene.esafety}/answers", "member_b").status_code == 403
    assert api.get("/applications/999999/answers", "school_admin_a").status_code == 404
    unknown = api.get(f"/applications/{scene.esafety}/answers/no-such-criterion", "school_admin_a")
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "unknown_criterion"


def test_labels_are_in_the_callers_language(app, api, scene):
    with app.app_context():
        person(HEAD_A).language = "uk"
        db.session.commit()
        criterion = framework_of().criteria[0]
        title_uk, title_en = criterion.title.in_("uk"), criterion.title.in_("en")
    assert title_uk != title_en
    answers = api.get(f"/applications/{scene.esafety}/answers", "school_admin_a").get_json()
    assert answers["answers"][0]["title"] == title_uk
    results = api.get(f"/applications/{scene.esafety}/results", "school_admin_a").get_json()
    english = api.get(f"/applications/{scene.esafety}/results", "school_staff_a").get_json()
    assert results["explanation"][0] != english["explanation"][0]


# --- documents -------------------------------------------------------------------------------------------------------


def test_documents_are_listed_with_their_versions_and_download_as_uploaded(app, api, scene):
    with app.app_context():
        kind = framework_of().required_documents[0].code
        code = framework_of().criteria[0].code
    first = _upload(api, scene.esafety, kind=kind, criterion_code=code).get_json()
    document_id = first["document_id"]
    second = _new_version(api, scene.esafety, document_id, PNG, "scan.png")
    assert second.status_code == 201, second.get_json()
    assert (second.get_json()["version"], second.get_json()["document_id"]) == (2, document_id)

    listing = api.get(f"/applications/{scene.esafety}/documents", "school_staff_a")
    assert listing.status_code == 200
    body = listing.get_json()
    expected = {item["kind"]: item for item in body["expected"]}
    assert expected[kind]["uploaded"] is True and expected[kind]["required"] is True
    (document,) = body["documents"]
    assert (document["document_id"], document["kind"], document["criterion_codes"]) == (document_id, kind, [code])
    assert [(v["version"], v["filename"], v["media_type"]) for v in document["versions"]] == [
        (1, "policy.pdf", "application/pdf"),
        (2, "scan.png", "image/png"),
    ]

    for version, content in zip(document["versions"], (PDF, PNG), strict=True):
        download = api.get(f"/documents/files/{version['file_id']}", "assessor_assigned")
        assert download.status_code == 200 and download.get_data() == content
        assert download.headers["Content-Type"] == version["media_type"]
        assert download.headers["Content-Disposition"].startswith("attachment;")
        assert version["filename"] in download.headers["Content-Disposition"]
        assert download.headers["Cache-Control"] == "private, no-store"
        assert download.headers["X-Content-Type-Options"] == "nosniff"
    inline = api.get(f"/documents/files/{document['versions'][0]['file_id']}?inline=true", "school_admin_a")
    assert (
        inline.headers["Content-Disposition"].startswith("inline;")
        and "sandbox" in inline.headers["Content-Security-Policy"]
    )


def test_downloads_are_for_the_school_its_assessors_and_coordinators_only(app, api, scene):
    file_id = _upload(api, scene.esafety).get_json()["file_id"]
    statuses = {
        role: api.get(f"/documents/files/{file_id}", role).status_code for role in api.tokens if role != "anonymous"
    }
    assert statuses == {
        "school_admin_a": 200,
        "school_staff_a": 200,
        "member_b": 403,
        "assessor_assigned": 200,
        "assessor_unassigned": 403,
        "coordinator_in": 200,
        "coordinator_out": 403,
        "admin": 403,
        "network_lead": 403,
    }
    assert api.get("/documents/files/999999", "school_admin_a").status_code == 404
    assert api.get(f"/documents/files/{file_id}?inline=maybe", "school_admin_a").status_code == 422


def test_a_documents_criteria_are_replaced_and_checked(app, api, scene):
    with app.app_context():
        codes = [c.code for c in framework_of().criteria[:3]]
    document_id = _upload(api, scene.esafety, criterion_code=codes[0]).get_json()["document_id"]
    path = f"/applications/{scene.esafety}/documents/{document_id}/criteria"
    linked = api.put(path, "school_staff_a", json={"criterion_codes": [codes[2], codes[1], codes[1]]})
    assert linked.status_code == 200 and linked.get_json()["criterion_codes"] == sorted(codes[1:])
    unknown = api.put(path, "school_admin_a", json={"criterion_codes": ["no-such-criterion"]})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "unknown_criterion"
    wrong = api.put(path, "school_admin_a", json={"criterion_codes": "not a list"})
    assert wrong.status_code == 422 and "criterion_codes" in wrong.get_json()["error"]["fields"]
    assert api.put(path, "member_b", json={"criterion_codes": []}).status_code == 403
    elsewhere = api.put(f"/applications/{scene.ciss}/documents/{document_id}/criteria", json={"criterion_codes": []})
    assert elsewhere.status_code == 404
    listed = api.get(f"/applications/{scene.esafety}/documents", "school_admin_a").get_json()["documents"]
    assert listed[0]["criterion_codes"] == sorted(codes[1:])


def test_a_document_is_removed_with_its_versions_and_stored_files(app, api, scene):
    document_id = _upload(api, scene.esafety).get_json()["document_id"]
    _new_version(api, scene.esafety, document_id, PNG, "scan.png")
    with app.app_context():
        keys = list(db.session.scalars(select(DocumentFile.storage_key)))
        assert all(path_of(key).exists() for key in keys) and len(keys) == 2
    assert api.delete(f"/applications/{scene.esafety}/documents/{document_id}", "member_b").status_code == 403
    removed = api.delete(f"/applications/{scene.esafety}/documents/{document_id}", "school_staff_a")
    assert removed.status_code == 204
    assert api.get(f"/applications/{scene.esafety}/documents", "school_admin_a").get_json()["documents"] == []
    with app.app_context():
        assert db.session.scalars(select(Document)).all() == []
        assert not any(path_of(key).exists() for key in keys)
    again = api.delete(f"/applications/{scene.esafety}/documents/{document_id}", "school_admin_a")
    assert again.status_code == 404 and again.get_json()["error"]["code"] == "unknown_document"


def test_documents_cannot_change_once_submitted_and_a_submitted_one_stays_after_return(app, api, scene):
    document_id = _submit_with_documents(app, api, scene)
    path = f"/applications/{scene.esafety}/documents/{document_id}"
    closed = api.delete(path, "school_admin_a")
    assert closed.status_code == 409 and closed.get_json()["error"]["code"] == "not_editable"
    version = _new_version(api, scene.esafety, document_id, PNG, "scan.png")
    assert version.status_code == 409
    criteria = api.put(f"{path}/criteria", "school_admin_a", json={"criterion_codes": []})
    assert criteria.status_code == 409
    with app.app_context():
        fire_as(scene.esafety, "start_review", COORD_MD)
        fire_as(scene.esafety, "return_to_school", ASSESSOR, items=["Please add the training log."])
    frozen = api.delete(path, "school_admin_a")
    assert frozen.status_code == 409, frozen.get_json()
    assert "round 1" in frozen.get_json()["error"]["message"]
    assert _new_version(api, scene.esafety, document_id, PNG, "scan.png").status_code == 201
    fresh = _upload(api, scene.esafety).get_json()["document_id"]
    assert api.delete(f"/applications/{scene.esafety}/documents/{fresh}", "school_admin_a").status_code == 204
    with app.app_context():
        first_version = db.session.get(Document, document_id).files[0].id
    snapshot = api.get(f"/applications/{scene.esafety}/snapshots/1", "assessor_assigned").get_json()
    assert first_version in [item["file_id"] for item in snapshot["documents"]]
    assert api.get(f"/documents/files/{first_version}", "assessor_assigned").get_data() == PDF


# --- results and action plan -----------------------------------------------------------------------------------------


def test_results_say_the_level_reached_and_what_holds_it_back(app, api, scene):
    with app.app_context():
        answer_all(scene.esafety)
        criteria = framework_of().criteria
    reached = api.get(f"/applications/{scene.esafety}/results", "school_admin_a")
    assert reached.status_code == 200, reached.get_json()
    body = reached.get_json()
    assert body["at_benchmark"] == body["total"] == len(criteria) and body["share_at_benchmark"] == 1.0
    assert body["level"] is not None and body["holding_back"] == []
    assert body["explanation"][0] == f"On your self-assessment, your school reaches: {body['level']['label']}."
    assert {area["area"] for area in body["comparison"]["areas"]} == {a["code"] for a in body["areas"]}

    low = criteria[0]
    api.put(f"/applications/{scene.esafety}/answers/{low.code}", "school_admin_a", json={"level": low.benchmark - 1})
    lower = api.get(f"/applications/{scene.esafety}/results", "coordinator_in").get_json()
    assert lower["at_benchmark"] == len(criteria) - 1
    (held,) = lower["holding_back"]
    assert (held["criterion_code"], held["level"], held["benchmark"]) == (low.code, low.benchmark - 1, low.benchmark)
    assert held["benchmark_statement"] == low.statements[low.benchmark].in_("en")
    assert f"{len(criteria) - 1} of {len(criteria)} criteria are at or above their benchmark" in lower["explanation"][1]


def test_the_action_plan_is_ticked_and_unticked_through_the_same_operation(app, api, scene):
    plan_path = f"/applications/{scene.esafety}/action-plan"
    plan = api.get(plan_path, "school_admin_a").get_json()
    assert plan["can_tick"] is True and plan["done"] == 0 and plan["total"] > 0
    key = plan["areas"][0]["criteria"][0]["actions"][0]["key"]
    ticked = api.post(plan_path, "school_staff_a", json={"action": key, "done": True})
    assert ticked.status_code == 200 and ticked.get_json()["done"] == 1
    action = ticked.get_json()["areas"][0]["criteria"][0]["actions"][0]
    assert action["done"] is True and action["done_at"] and action["done_by"]["id"]
    assert api.post(plan_path, "school_admin_a", json={"action": key, "done": True}).get_json()["done"] == 1
    assert api.get(plan_path, "assessor_assigned").get_json()["can_tick"] is False
    unticked = api.post(plan_path, "school_admin_a", json={"action": key, "done": False})
    assert unticked.get_json()["done"] == 0
    unknown = api.post(plan_path, "school_admin_a", json={"action": "no/such/action", "done": True})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["message"]
    assert api.post(plan_path, "member_b", json={"action": key, "done": True}).status_code == 403
    assert api.post(plan_path, "coordinator_in", json={"action": key, "done": True}).status_code == 403
    assert api.post(plan_path, "school_admin_a", json={"action": key}).status_code == 422
    with app.app_context():
        fire_as(scene.esafety, "withdraw", HEAD_A, comment="We leave the programme.")
    closed = api.post(plan_path, "school_admin_a", json={"action": key, "done": True})
    assert closed.status_code == 422 and "closed" in closed.get_json()["error"]["message"]


# --- modules and rounds ----------------------------------------------------------------------------------------------


def test_modules_are_marked_complete_while_the_programme_waits_for_them(app, api, world, scene):
    with app.app_context():
        fire_as(scene.ciss, "withdraw", HEAD_A, comment="Starting again.")
        ciss = start(world, "ciss")
        fire_as(ciss, "accept", COORD_MD)
    listing = api.get(f"/applications/{ciss}/modules", "school_admin_a").get_json()
    assert listing["can_complete"] is True and len(listing["modules"]) == 5
    assert not any(module["complete"] for module in listing["modules"])
    code = listing["modules"][0]["code"]
    done = api.post(f"/applications/{ciss}/modules/{code}", "school_staff_a")
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["complete"] is True and done.get_json()["completed_by"]["id"]
    again = api.post(f"/applications/{ciss}/modules/{code}", "school_admin_a").get_json()
    assert again["completed_at"] == done.get_json()["completed_at"]
    modules = api.get(f"/applications/{ciss}/modules", "coordinator_in").get_json()
    assert modules["can_complete"] is False and [m["complete"] for m in modules["modules"]].count(True) == 1
    assert api.post(f"/applications/{ciss}/modules/no-such-module", "school_admin_a").status_code == 404
    assert api.post(f"/applications/{ciss}/modules/{code}", "coordinator_in").status_code == 403
    assert api.post(f"/applications/{ciss}/modules/{code}", "member_b").status_code == 403
    late = api.post(f"/applications/{scene.ciss}/modules/{code}", "school_admin_a")
    assert late.status_code == 403 and late.get_json()["error"]["message"]
    assert api.get(f"/applications/{scene.esafety}/modules", "school_admin_a").get_json()["modules"] == []


def test_submitted_rounds_are_listed_and_read_as_frozen(app, api, scene):
    assert api.get(f"/applications/{scene.esafety}/snapshots", "school_admin_a").get_json() == []
    document_id = _submit_with_documents(app, api, scene)
    rounds = api.get(f"/applications/{scene.esafety}/snapshots", "school_admin_a").get_json()
    assert [item["round"] for item in rounds] == [1] and rounds[0]["share_at_benchmark"] == 1.0
    snapshot = api.get(f"/applications/{scene.esafety}/snapshots/1", "assessor_assigned")
    assert snapshot.status_code == 200
    body = snapshot.get_json()
    with app.app_context():
        criteria = framework_of().criteria
        document = db.session.get(Document, document_id)
        file_id = document.latest.id
    assert [row["criterion_code"] for row in body["answers"]] == [c.code for c in criteria]
    assert all(row["level"] == c.benchmark for row, c in zip(body["answers"], criteria, strict=True))
    assert file_id in [item["file_id"] for item in body["documents"]]
    missing = api.get(f"/applications/{scene.esafety}/snapshots/2", "school_admin_a")
    assert missing.status_code == 404 and "round 2" in missing.get_json()["error"]["message"]
    assert api.get(f"/applications/{scene.esafety}/snapshots/1", "member_b").status_code == 403
