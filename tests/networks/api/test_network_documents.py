"""A network shares a model policy; a school of the network adopts it as its own evidence: a copy among its
documents, which it then edits (a new version), with the origin kept; who may share, see and adopt; plus the
permission rows of these routes."""

from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Document, NetworkDocument
from tests.api.builders import HEAD_A, HEAD_B
from tests.api.test_permissions import Row, _statuses, _table
from tests.assessment.builders import PDF
from tests.builders import sign_in
from tests.networks.api.test_network_permissions import NAME, _network, _path


def _share(api, path: str, as_: str):
    return api.post(
        f"{path}/documents", as_=as_, data={"file": (BytesIO(PDF), "model-policy.pdf"), "title": "Model policy"}
    )


def test_a_school_adopts_the_networks_model_policy_as_its_own_evidence(app, api, scene):
    with app.app_context():
        _network(scene)
        path = _path()
    assert api.post(f"{path}/leads", as_="admin", json={"email": HEAD_B}).status_code == 201  # B's head leads it
    assert _share(api, path, "school_admin_a").status_code == 404  # a member of a school of the network may not share
    shared = _share(api, path, "member_b")
    assert shared.status_code == 201, shared.get_json()
    shared_id = shared.get_json()["id"]
    school_a = f"/schools/{scene.world.school_a}/network-documents"
    assert [d["title"] for d in api.get(school_a, as_="school_admin_a").get_json()] == ["Model policy"]
    assert api.get(school_a, as_="member_b").status_code == 403  # the lead does not see school A's own data

    adopt = f"/applications/{scene.esafety}/documents/adopt"
    assert api.post(adopt, as_="coordinator_out", json={"network_document_id": shared_id}).status_code in (403, 404)
    assert api.post(adopt, as_="school_admin_a", json={"network_document_id": 999_999}).status_code == 404
    adopted = api.post(adopt, as_="school_admin_a", json={"network_document_id": shared_id})
    assert adopted.status_code == 201, adopted.get_json()
    body = adopted.get_json()
    assert body["origin"] == f"{NAME}: Model policy"
    copy = api.get(f"/documents/files/{body['file_id']}", as_="school_admin_a")
    assert copy.status_code == 200 and copy.data == PDF

    # The copy is the school's own: it uploads its edited version; the origin stays.
    edited = api.post(
        f"/applications/{scene.esafety}/documents/{body['document_id']}/versions",
        as_="school_admin_a",
        data={"file": (BytesIO(PDF.replace(b"Catalog", b"Catalog ")), "our-policy.pdf")},
    )
    assert edited.status_code == 201, edited.get_json()
    with app.app_context():
        document = db.session.get(Document, body["document_id"])
        assert len(document.files) == 2 and document.origin_network_document_id == shared_id
        assert document.application_id == scene.esafety
        original = db.session.get(NetworkDocument, shared_id)
        assert original.sha256 != document.files[-1].sha256  # the network's file is untouched
        assert db.session.scalar(select(NetworkDocument.title).where(NetworkDocument.id == shared_id))
    # The school's documents page shows where the copy came from.
    with app.test_client() as browser:
        sign_in(browser, HEAD_A)
        page = browser.get(f"/applications/{scene.esafety}/documents").get_data(as_text=True)
    assert "document-origin" in page and f"{NAME}: Model policy" in page
    # Not into an application whose self-assessment is over (the CISS one is at its site visit).
    closed = api.post(
        f"/applications/{scene.ciss}/documents/adopt", as_="school_admin_a", json={"network_document_id": shared_id}
    )
    assert closed.status_code in (409, 422)


def _shared_id(scene) -> int:
    _network(scene)
    found = db.session.scalar(select(NetworkDocument.id).order_by(NetworkDocument.id))
    if found is None:
        from accreditation.assessment.documents import Upload
        from accreditation.models import Network
        from accreditation.networks.documents import share_document
        from tests.api.builders import ADMIN
        from tests.applications.builders import person

        network = db.session.scalar(select(Network).where(Network.name == NAME))
        found = share_document(person(ADMIN), network.id, Upload(PDF, "p.pdf"), "Model policy").id
        db.session.commit()
    return found


#             anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
MANAGERS = (401, 404, 404, 404, 404, 404, 200, 404, 200, 200)  # and the network's lead
SHARERS = (401, 404, 404, 404, 404, 404, 201, 404, 201, 201)  # a lead shares model documents too
SCHOOL_A = (401, 200, 200, 403, 403, 403, 200, 403, 200, 403)
SCHOOL_MEMBERS = (401, 201, 201, 403, 403, 403, 403, 403, 403, 403)  # only the school's members upload its documents
SCHOOL_A_ADMIN = (401, 200, 403, 403, 403, 403, 403, 403, 403, 403)

ROWS = [
    Row("GET /networks/{id}/documents", lambda s, r: ("GET", _path("/documents"), {}), MANAGERS, _network),
    Row(
        "POST /networks/{id}/documents",
        lambda s, r: ("POST", _path("/documents"), {"data": {"file": (BytesIO(PDF), "p.pdf"), "title": "T"}}),
        SHARERS,
        _network,
    ),
    Row(
        "GET /schools/{id}/network-documents",
        lambda s, r: ("GET", f"/schools/{s.world.school_a}/network-documents", {}),
        SCHOOL_A,
    ),
    Row(
        "POST /applications/{id}/documents/adopt",
        lambda s, r: (
            "POST",
            f"/applications/{s.esafety}/documents/adopt",
            {"json": {"network_document_id": _shared_id(s)}},
        ),
        SCHOOL_MEMBERS,
    ),
    Row(
        "GET /schools/{id}/regions-page",
        lambda s, r: ("GET", f"/schools/{s.world.school_a}/regions-page", {}),
        SCHOOL_A,
    ),
    Row(
        "PUT /schools/{id}/regions-page",
        lambda s, r: ("PUT", f"/schools/{s.world.school_a}/regions-page", {"json": {"shown": True}}),
        SCHOOL_A_ADMIN,
    ),
]


def test_the_regions_page_opt_in_through_the_api(app, api, scene):
    path = f"/schools/{scene.world.school_a}/regions-page"
    assert api.get(path, as_="school_admin_a").get_json() == {"shown": False}  # off by default
    assert api.put(path, as_="school_staff_a", json={"shown": True}).status_code == 403
    assert api.put(path, as_="school_admin_a", json={"shown": "maybe"}).status_code == 422
    assert api.put(path, as_="school_admin_a", json={"shown": True}).get_json() == {"shown": True}
    assert api.get(path, as_="coordinator_in").get_json() == {"shown": True}


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_shared_document_route_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )


def test_a_share_past_the_networks_quota_is_refused_over_the_api_with_413_and_the_reason(app, api, scene, monkeypatch):
    with app.app_context():
        _network(scene)
        path = _path()
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_NETWORK_MB", 1)
    large = PDF + b"%" + b"0" * (700 * 1024)
    first = api.post(f"{path}/documents", as_="admin", data={"file": (BytesIO(large), "a.pdf"), "title": "A"})
    assert first.status_code == 201, first.get_json()
    refused = api.post(f"{path}/documents", as_="admin", data={"file": (BytesIO(large), "b.pdf"), "title": "B"})
    assert refused.status_code == 413
    assert "does not fit in the space for the network’s shared documents" in str(refused.get_json())
    with app.app_context():
        assert [row.title for row in db.session.scalars(select(NetworkDocument))] == ["A"]
