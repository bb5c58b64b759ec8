"""Storage quotas of documents: every stored version counts, per application and per school; an upload past either
limit is refused with a message saying so (the page's form, and 413 with the reason in the API), nothing is stored,
and the documents page shows the figures. A file name with markup in it gets a true message."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from accreditation.extensions import db
from accreditation.models import DocumentFile, User
from tests.api.builders import make_token
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, PDF, framework_of, ready_for_answers
from tests.builders import csrf_token

KB = 1024


def pdf_of(kilobytes: int) -> bytes:
    """A PDF of about ``kilobytes`` KB (its content is recognised from the header)."""
    return PDF + b"%" + b"0" * (kilobytes * KB - len(PDF) - 1)


@pytest.fixture(autouse=True)
def _empty_uploads(app):
    yield
    root = Path(app.config["UPLOAD_FOLDER"])
    for path in root.rglob("*") if root.exists() else []:
        if path.is_file():
            path.unlink()


@pytest.fixture(autouse=True)
def english(app, world) -> None:
    """The people read English (school A teaches in Romanian): the messages and numbers are compared in English."""
    with app.app_context():
        db.session.execute(update(User).values(language="en"))
        db.session.commit()


@pytest.fixture
def quotas(app, monkeypatch):
    """Set the quotas (in MB) for one test."""

    def set_quotas(application_mb: int, school_mb: int) -> None:
        monkeypatch.setitem(app.config, "UPLOAD_QUOTA_APPLICATION_MB", application_mb)
        monkeypatch.setitem(app.config, "UPLOAD_QUOTA_SCHOOL_MB", school_mb)

    return set_quotas


@pytest.fixture
def esafety(app, world) -> int:
    with app.app_context():
        return ready_for_answers(world)


def _kind(app) -> str:
    with app.app_context():
        return framework_of().required_documents[0].code


def _page(client, application_id: int) -> str:
    response = client.get(f"/applications/{application_id}/documents")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _upload(client, application_id: int, content: bytes, kind: str, filename: str = "policy.pdf"):
    token = csrf_token(_page(client, application_id))
    data = {"csrf_token": token, "kind": kind, "file": (io.BytesIO(content), filename)}
    return client.post(f"/applications/{application_id}/documents", data=data, content_type="multipart/form-data")


def _new_version(client, application_id: int, document_id: int, content: bytes):
    token = csrf_token(_page(client, application_id))
    data = {"csrf_token": token, "file": (io.BytesIO(content), "policy.pdf")}
    path = f"/applications/{application_id}/documents/{document_id}/versions"
    return client.post(path, data=data, content_type="multipart/form-data")


def _versions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(DocumentFile.id)))


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def test_an_upload_past_the_applications_quota_is_refused_and_versions_count(app, world, esafety, quotas):
    quotas(1, 100)
    client = signed_in(app, HEAD_A)
    kind = _kind(app)
    first = _upload(client, esafety, pdf_of(400), kind)
    assert first.status_code == 302
    with app.app_context():
        document_id = db.session.scalar(select(DocumentFile.document_id))
    assert _new_version(client, esafety, document_id, pdf_of(400)).status_code == 302  # 800 KB of 1 MB

    refused = _new_version(client, esafety, document_id, pdf_of(400))
    assert refused.status_code == 413
    text = _text(refused)
    assert "does not fit in the space for this application’s documents (0.8 MB of 1 MB used)" in text
    assert "Nothing was stored." in text
    assert _versions(app) == 2
    assert _upload(client, esafety, pdf_of(400), kind).status_code == 413
    assert _upload(client, esafety, pdf_of(100), kind).status_code == 302  # what still fits is stored
    assert _versions(app) == 3


def test_the_schools_quota_counts_the_documents_of_all_its_applications(app, world, esafety, quotas):
    with app.app_context():
        ciss = ready_for_answers(world, "ciss")
        ciss_kind = framework_of("ciss").required_documents[0].code
    quotas(100, 1)
    client = signed_in(app, HEAD_A)
    assert _upload(client, esafety, pdf_of(600), _kind(app)).status_code == 302

    refused = _upload(client, ciss, pdf_of(600), ciss_kind)
    assert refused.status_code == 413
    assert "does not fit in the space for your school’s documents (0.6 MB of 1 MB used)" in _text(refused)
    assert _versions(app) == 1


def test_the_documents_page_shows_what_is_used_of_each_quota(app, world, esafety, quotas):
    quotas(200, 1000)
    client = signed_in(app, HEAD_A)
    assert _upload(client, esafety, pdf_of(512), _kind(app)).status_code == 302
    page = unescape(re.sub(r"\s+", " ", _page(client, esafety)))
    assert "Space for this application’s documents: 0.5 MB of 200 MB used." in page
    assert "Space for all of your school’s documents: 0.5 MB of 1,000 MB used." in page

    quotas(0, 0)  # no limit: only what is used
    page = unescape(re.sub(r"\s+", " ", _page(client, esafety)))
    assert "Space for this application’s documents: 0.5 MB used." in page


def test_the_api_answers_413_with_the_reason(app, world, esafety, quotas):
    quotas(1, 100)
    with app.app_context():
        token, _id = make_token(HEAD_A)
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def upload(kilobytes: int):
        data = {"file": (io.BytesIO(pdf_of(kilobytes)), "policy.pdf"), "kind": _kind(app)}
        path = f"/api/v1/applications/{esafety}/documents"
        return client.post(path, data=data, headers=headers, content_type="multipart/form-data")

    assert upload(700).status_code == 201
    refused = upload(700)
    assert refused.status_code == 413
    error = refused.get_json()["error"]
    assert error["code"] == "quota_exceeded"
    assert "does not fit in the space for this application’s documents (0.7 MB of 1 MB used)" in error["message"]
    assert _versions(app) == 1


def test_a_file_name_with_markup_gets_a_true_message(app, world, esafety):
    client = signed_in(app, HEAD_A)
    refused = _upload(client, esafety, PDF, _kind(app), filename="<script>alert(1)</script>.pdf")
    assert refused.status_code == 422
    text = _text(refused)
    assert "The file name contains a slash (/ or \\), which a file name may not contain; nothing was stored." in text
    assert "folder" not in text
    assert "<script>alert(1)</script>" not in refused.get_data(as_text=True)
    assert _versions(app) == 0
