"""What an integrator relies on for every operation: a unique ``operationId``, ``Idempotency-Key`` on every POST
(replayed, refused when reused, 409 while in progress, nothing kept on a server error), ``ETag``/``If-Match`` where a
version or revision is the precondition (412 when stale), and lists with ``X-Total-Count``, ``sort`` and
``updated_since``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select, update

from accreditation.api import application_routes
from accreditation.api.idempotency import request_fingerprint
from accreditation.extensions import db
from accreditation.models import ApiToken, Application, Document, IdempotencyKey, School, User
from accreditation.models.time import utcnow
from tests.api.builders import HEAD_A, make_token
from tests.assessment.builders import PDF, framework_of
from tests.builders import add_school

KEY = "Idempotency-Key"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _upload(api, scene, key: str, title: str = "Acceptable use policy", content: bytes = PDF):
    data = {"file": (BytesIO(content), "policy.pdf"), "title": title}
    return api.post(
        f"/applications/{scene.esafety}/documents",
        "school_admin_a",
        data=data,
        content_type="multipart/form-data",
        headers={KEY: key},
    )


# --- the description -------------------------------------------------------------------------------------------------


def _operations(client) -> list[tuple[str, str, dict]]:
    description = client.get("/api/v1/openapi.json").get_json()
    return [
        (method, path, operation)
        for path, item in description["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    ]


def test_every_operation_has_a_unique_operation_id(client):
    ids = [operation.get("operationId") for _method, _path, operation in _operations(client)]
    assert None not in ids
    assert len(ids) == len(set(ids)), sorted(name for name in ids if ids.count(name) > 1)
    assert {"list_applications", "get_application", "fire_event", "create_school", "list_tokens"} <= set(ids)


def test_every_post_documents_its_idempotency_key_and_the_description_names_its_server(app, client):
    description = client.get("/api/v1/openapi.json").get_json()
    assert description["servers"] == [{"url": app.config["BASE_URL"]}]
    posts = [(path, operation) for method, path, operation in _operations(client) if method == "post"]
    assert posts
    for path, operation in posts:
        names = [parameter.get("name") for parameter in operation.get("parameters", [])]
        assert KEY in names, path
        assert "Retry-After" in operation["responses"]["409"]["headers"], path
        assert "422" in operation["responses"], path


def test_requests_and_main_schemas_carry_examples(client):
    description = client.get("/api/v1/openapi.json").get_json()
    post = description["paths"]["/api/v1/applications"]["post"]
    assert post["requestBody"]["content"]["application/json"]["example"] == {"school_id": 12, "programme": "ciss"}
    fire = description["paths"]["/api/v1/applications/{application_id}/events/{event}"]["post"]
    assert fire["requestBody"]["content"]["application/json"]["example"]["expected_version"] == 3
    schemas = description["components"]["schemas"]
    assert schemas["Application"]["properties"]["version"]["example"] == 3
    assert schemas["School"]["properties"]["region"]["example"] == "MD-CU"


# --- Idempotency-Key -------------------------------------------------------------------------------------------------


def test_an_upload_retried_with_the_same_key_gives_the_same_document_once(app, api, scene):
    first = _upload(api, scene, "upload-1")
    assert first.status_code == 201, first.get_json()
    assert "Idempotent-Replayed" not in first.headers
    again = _upload(api, scene, "upload-1")
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert again.mimetype == "application/json"
    with app.app_context():
        assert _count(Document) == 1
    other = _upload(api, scene, "upload-2")  # a new key is a new request
    assert other.status_code == 201 and other.get_json()["document_id"] != first.get_json()["document_id"]


def test_the_same_key_with_another_request_is_refused_and_changes_nothing(app, api, scene):
    assert _upload(api, scene, "upload-1").status_code == 201
    changed = _upload(api, scene, "upload-1", content=PDF + b"\n% another file\n")
    assert changed.status_code == 422
    assert changed.get_json()["error"]["code"] == "idempotency_key_reused"
    retitled = _upload(api, scene, "upload-1", title="Another title")
    assert retitled.status_code == 422
    with app.app_context():
        assert _count(Document) == 1


def test_keys_belong_to_their_person(app, api, world):
    body = {"school_id": world.school_a, "programme": "ciss"}
    created = api.post("/applications", "school_admin_a", json=body, headers={KEY: "join"})
    assert created.status_code == 201
    replayed = api.post("/applications", "school_admin_a", json=body, headers={KEY: "join"})
    assert replayed.status_code == 201 and replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.headers["Location"] == created.headers["Location"]
    other = api.post("/applications", "school_staff_a", json=body, headers={KEY: "join"})
    assert other.status_code == 403 and "Idempotent-Replayed" not in other.headers
    without = api.post("/applications", "school_admin_a", json=body)
    assert without.status_code == 409 and without.get_json()["error"]["code"] == "cycle_already_open"


def test_a_request_still_in_progress_with_the_key_is_409_with_retry_after(app, api, world):
    body = {"school_id": world.school_a, "programme": "ciss"}
    with app.test_request_context("/api/v1/applications", method="POST", json=body):
        fingerprint = request_fingerprint()
    with app.app_context():
        head = db.session.scalar(select(User).where(User.email == HEAD_A))
        db.session.add(IdempotencyKey(user_id=head.id, key="busy", fingerprint=fingerprint, response_headers={}))
        db.session.commit()
    busy = api.post("/applications", "school_admin_a", json=body, headers={KEY: "busy"})
    assert busy.status_code == 409
    assert busy.get_json()["error"]["code"] == "request_in_progress"
    assert int(busy.headers["Retry-After"]) >= 1
    with app.app_context():
        assert _count(Application) == 0  # nothing was started


def test_an_abandoned_claim_and_a_day_old_key_are_taken_over(app, api, world):
    body = {"school_id": world.school_a, "programme": "ciss"}
    with app.app_context():
        head = db.session.scalar(select(User).where(User.email == HEAD_A))
        long_ago = utcnow() - timedelta(hours=25)
        db.session.add(IdempotencyKey(user_id=head.id, key="old", fingerprint="x" * 64, created_at=long_ago))
        db.session.add(IdempotencyKey(user_id=head.id, key="other", fingerprint="y" * 64, created_at=long_ago))
        db.session.commit()
    response = api.post("/applications", "school_admin_a", json=body, headers={KEY: "old"})
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    with app.app_context():
        assert db.session.scalars(select(IdempotencyKey.key)).all() == ["old"]  # the other old key was purged


def test_a_server_error_is_not_kept_and_a_retry_runs_again(app, api, world, monkeypatch):
    body = {"school_id": world.school_a, "programme": "ciss"}
    started = application_routes.start_application

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(application_routes, "start_application", broken)
    with pytest.raises(RuntimeError):
        api.post("/applications", "school_admin_a", json=body, headers={KEY: "flaky"})
    with app.app_context():
        assert _count(IdempotencyKey) == 0
    monkeypatch.setattr(application_routes, "start_application", started)
    retried = api.post("/applications", "school_admin_a", json=body, headers={KEY: "flaky"})
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers


def test_an_invalid_key_is_422_and_a_key_without_a_token_is_not_kept(app, api, world):
    body = {"school_id": world.school_a, "programme": "ciss"}
    invalid = api.post("/applications", "school_admin_a", json=body, headers={KEY: "with space"})
    assert invalid.status_code == 422 and KEY in invalid.get_json()["error"]["fields"]
    anonymous = api.post("/applications", None, json=body, headers={KEY: "anon"})
    assert anonymous.status_code == 401
    with app.app_context():
        assert _count(IdempotencyKey) == 0


# --- ETag and If-Match -----------------------------------------------------------------------------------------------


def test_an_application_carries_its_version_as_etag_and_if_match_fires_at_it(api, world):
    created = api.post("/applications", "school_admin_a", json={"school_id": world.school_a, "programme": "ciss"})
    application_id = created.get_json()["id"]
    assert created.headers["ETag"] == '"1"'
    read = api.get(f"/applications/{application_id}", "coordinator_in")
    assert read.headers["ETag"] == f'"{read.get_json()["version"]}"' == '"1"'
    path = f"/applications/{application_id}/events/accept"
    fired = api.post(path, "coordinator_in", json={}, headers={"If-Match": read.headers["ETag"]})
    assert fired.status_code == 200, fired.get_json()
    assert fired.get_json()["state"] != "applied" and fired.headers["ETag"] == '"2"'


def test_a_stale_if_match_is_412_and_changes_nothing(app, api, world):
    created = api.post("/applications", "school_admin_a", json={"school_id": world.school_a, "programme": "ciss"})
    application_id = created.get_json()["id"]
    path = f"/applications/{application_id}/events/accept"
    stale = api.post(path, "coordinator_in", json={}, headers={"If-Match": '"7"'})
    assert stale.status_code == 412
    assert stale.get_json()["error"]["code"] == "precondition_failed" and stale.get_json()["error"]["message"]
    in_body = api.post(path, "coordinator_in", json={"expected_version": 7})
    assert in_body.status_code == 409  # the body's version keeps its meaning
    assert api.get(f"/applications/{application_id}", "coordinator_in").get_json()["version"] == 1


@pytest.mark.parametrize(
    ("headers", "body"),
    [({"If-Match": '"1"'}, {"expected_version": 2}), ({}, {}), ({"If-Match": "1"}, {}), ({"If-Match": "*"}, {})],
    ids=["both-differ", "neither", "unquoted", "star"],
)
def test_the_version_must_be_given_once_and_well(api, world, headers, body):
    created = api.post("/applications", "school_admin_a", json={"school_id": world.school_a, "programme": "ciss"})
    path = f"/applications/{created.get_json()['id']}/events/accept"
    response = api.post(path, "coordinator_in", json=body, headers=headers)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] == "invalid" and response.get_json()["error"]["fields"]


def test_an_answer_carries_its_revision_as_etag_and_a_stale_if_match_is_412(app, api, scene):
    with app.app_context():
        criterion = framework_of().criteria[0].code
    path = f"/applications/{scene.esafety}/answers/{criterion}"
    first = api.put(path, "school_admin_a", json={"level": 1, "commentary": "A start."}, headers={"If-Match": '"0"'})
    assert first.status_code == 200, first.get_json()
    assert first.headers["ETag"] == f'"{first.get_json()["revision"]}"' == '"1"'
    stale = api.put(path, "school_staff_a", json={"level": 2, "commentary": "Later."}, headers={"If-Match": '"0"'})
    assert stale.status_code == 412
    assert stale.get_json()["error"]["code"] == "precondition_failed"
    assert stale.get_json()["error"]["saved"]["level"] == 1
    current = api.put(path, "school_staff_a", json={"level": 2, "commentary": "Later."}, headers={"If-Match": '"1"'})
    assert current.status_code == 200 and current.headers["ETag"] == '"2"'


# --- lists -----------------------------------------------------------------------------------------------------------


def _more_schools(app, count: int = 4) -> None:
    with app.app_context():
        for number in range(count):
            add_school(f"School {chr(ord('Z') - number)}", f"MD-90{number}", "MD", "MD-CU")
        db.session.commit()


def test_a_list_says_how_many_match_on_every_page(app, api, scene):
    _more_schools(app)
    with app.app_context():
        total = _count(School)
        md = db.session.scalar(select(func.count()).select_from(School).where(School.country_code == "MD"))
    first = api.get("/schools?limit=2")
    assert first.status_code == 200 and len(first.get_json()) == 2
    assert first.headers["X-Total-Count"] == str(total)
    assert api.get("/schools?country=MD&limit=1").headers["X-Total-Count"] == str(md)
    applications = api.get("/applications?limit=1", "school_admin_a")
    assert applications.headers["X-Total-Count"] == "2"
    assert api.get("/tokens", "school_admin_a").headers["X-Total-Count"] == "1"


def _walk(api, path: str) -> list[dict]:
    """Every item of a list, following its Link headers."""
    items, url = [], path
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.get_json()
        items += response.get_json()
        link = response.headers.get("Link")
        url = link[link.index("/api/v1") + len("/api/v1") : link.index(">")] if link else None
    return items


def test_a_sorted_list_pages_through_every_item_once_in_order(app, api, scene):
    _more_schools(app)
    every = api.get("/schools?limit=500").get_json()
    by_name = sorted(every, key=lambda school: (school["name"], school["id"]))
    assert _walk(api, "/schools?sort=name&limit=2") == by_name
    descending = sorted(every, key=lambda school: school["name"], reverse=True)
    assert [school["name"] for school in _walk(api, "/schools?sort=-name&limit=2")] == [s["name"] for s in descending]
    assert [school["id"] for school in _walk(api, "/schools?sort=-id&limit=3")] == sorted(
        (school["id"] for school in every), reverse=True
    )
    refused = api.get("/schools?sort=national_id")
    assert refused.status_code == 422 and "sort" in refused.get_json()["error"]["fields"]


def test_updated_since_gives_what_changed_since(app, api, scene):
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    with app.app_context():
        db.session.execute(update(Application).where(Application.id == scene.ciss).values(updated_at=long_ago))
        db.session.commit()
    since = "2024-06-01T00:00:00Z"
    changed = api.get(f"/applications?updated_since={since}", "admin")
    assert changed.status_code == 200
    assert [application["id"] for application in changed.get_json()] == [scene.esafety]
    assert changed.headers["X-Total-Count"] == "1"
    everything = api.get("/applications?updated_since=2019-12-31T23:00:00", "admin")  # no offset: UTC
    assert {application["id"] for application in everything.get_json()} == {scene.ciss, scene.esafety}
    assert api.get("/applications?updated_since=yesterday", "admin").status_code == 422


def test_tokens_are_newest_first_and_sort_and_sync_like_the_other_lists(app, api, scene):
    with app.app_context():
        make_token(HEAD_A, name="b-report")
        older, _older_id = make_token(HEAD_A, name="a-sync")
        db.session.execute(
            update(ApiToken).where(ApiToken.name == "a-sync").values(created_at=datetime(2020, 1, 1, tzinfo=UTC))
        )
        db.session.commit()
    newest_first = api.get("/tokens", "school_admin_a").get_json()
    assert [token["name"] for token in newest_first][-1] == "a-sync"
    by_name = api.get("/tokens?sort=name", "school_admin_a").get_json()
    assert [token["name"] for token in by_name] == sorted(token["name"] for token in newest_first)
    recent = api.get("/tokens?updated_since=2024-01-01T00:00:00Z", "school_admin_a")
    assert "a-sync" not in [token["name"] for token in recent.get_json()]
    assert recent.headers["X-Total-Count"] == str(len(newest_first) - 1)
