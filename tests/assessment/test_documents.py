"""Documents: recognised from their content, size-limited, stored under a random key with their SHA-256, new
versions keep the old ones, and only the school, its assessors and its coordinators may download them — always
as an attachment. Every bad upload is refused with a clear message and nothing is stored."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import Document, DocumentFile
from tests.applications.builders import assign
from tests.applications.web import signed_in
from tests.assessment.builders import (
    HEAD_A,
    JPEG,
    PDF,
    PNG,
    SCRIPT,
    docx_bytes,
    framework_of,
    odt_bytes,
    ready_for_answers,
    zip_bomb_docx,
)
from tests.builders import csrf_token


@pytest.fixture
def application_id(app, world):
    with app.app_context():
        return ready_for_answers(world)


def _kind(app) -> str:
    with app.app_context():
        return framework_of().required_documents[0].code


def _stored_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _upload(client, application_id, content: bytes, filename: str, kind: str, **extra):
    token = csrf_token(client.get(f"/applications/{application_id}/documents").get_data(as_text=True))
    data = {"csrf_token": token, "kind": kind, "file": (io.BytesIO(content), filename), **extra}
    return client.post(f"/applications/{application_id}/documents", data=data, content_type="multipart/form-data")


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        return db.session.scalar(select(func.count(Document.id))), db.session.scalar(
            select(func.count(DocumentFile.id))
        )


@pytest.fixture(autouse=True)
def _empty_uploads(app):
    yield
    for path in _stored_files(app):
        path.unlink()


@pytest.mark.parametrize(
    ("content", "filename", "media_type", "stored_name"),
    [
        (PDF, "Policy 2026.pdf", "application/pdf", "Policy 2026.pdf"),
        (
            docx_bytes(),
            "aup.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "aup.docx",
        ),
        (odt_bytes(), "процедура.odt", "application/vnd.oasis.opendocument.text", "процедура.odt"),
        (PNG, "poster.PNG", "image/png", "poster.png"),
        (JPEG, "photo.jpeg", "image/jpeg", "photo.jpg"),
        (PDF, "misnamed.docx", "application/pdf", "misnamed.pdf"),  # the content decides, not the name
    ],
)
def test_allowed_files_are_stored_by_their_content_with_their_sha256(
    app, application_id, content, filename, media_type, stored_name
):
    response = _upload(signed_in(app, HEAD_A), application_id, content, filename, _kind(app))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        stored = db.session.scalars(select(DocumentFile)).one()
        assert (stored.media_type, stored.filename, stored.size) == (media_type, stored_name, len(content))
        assert stored.sha256 == hashlib.sha256(content).hexdigest()
        path = Path(app.config["UPLOAD_FOLDER"]) / stored.storage_key[:2] / stored.storage_key[2:4] / stored.storage_key
        assert path.read_bytes() == content
        assert filename not in str(path)  # stored under a random key, not its name
    static = Path(app.static_folder).resolve()
    assert not any(static in p.resolve().parents for p in _stored_files(app))


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (SCRIPT, "policy.pdf", "its content was checked, not its name"),
        (b"", "empty.pdf", "The file is empty"),
        (zip_bomb_docx(), "bomb.docx", "zip bomb"),
        (PDF, "../../etc/passwd.pdf", "contains a slash (/ or \\), which a file name may not contain"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "damaged or encrypted archive"),
    ],
    ids=["script-renamed-pdf", "empty", "zip-bomb", "path-in-name", "broken-zip"],
)
def test_bad_uploads_are_refused_with_a_clear_message_and_nothing_is_stored(
    app, application_id, content, filename, message
):
    response = _upload(signed_in(app, HEAD_A), application_id, content, filename, _kind(app))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _counts(app) == (0, 0)
    assert _stored_files(app) == []


def test_an_oversized_file_is_refused_with_the_limit_in_the_message(app, application_id):
    limit = app.config["MAX_UPLOAD_MB"]
    app.config["MAX_UPLOAD_MB"] = 1
    try:
        big = PDF + b"0" * (1024 * 1024 + 10)
        response = _upload(signed_in(app, HEAD_A), application_id, big, "big.pdf", _kind(app))
    finally:
        app.config["MAX_UPLOAD_MB"] = limit
    assert response.status_code == 413
    assert "larger than the limit of 1 MB" in response.get_data(as_text=True)
    assert _counts(app) == (0, 0) and _stored_files(app) == []


def test_a_request_over_the_server_limit_gets_413_with_the_limit(app, application_id):
    client = signed_in(app, HEAD_A)
    token = csrf_token(client.get(f"/applications/{application_id}/documents").get_data(as_text=True))
    huge = b"%PDF-" + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        f"/applications/{application_id}/documents",
        data={"csrf_token": token, "kind": _kind(app), "file": (io.BytesIO(huge), "huge.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert f"limit of {app.config['MAX_UPLOAD_MB']} MB" in response.get_data(as_text=True)
    assert _counts(app) == (0, 0)


def test_a_new_version_keeps_the_old_one(app, application_id):
    client = signed_in(app, HEAD_A)
    assert _upload(client, application_id, PDF, "policy-v1.pdf", _kind(app)).status_code == 302
    with app.app_context():
        document_id = db.session.scalar(select(Document.id))
    token = csrf_token(client.get(f"/applications/{application_id}/documents").get_data(as_text=True))
    response = client.post(
        f"/applications/{application_id}/documents/{document_id}/versions",
        data={"csrf_token": token, "file": (io.BytesIO(docx_bytes("v2")), "policy-v2.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        versions = db.session.scalars(select(DocumentFile).order_by(DocumentFile.version)).all()
        assert [(v.version, v.filename) for v in versions] == [(1, "policy-v1.pdf"), (2, "policy-v2.docx")]
    assert len(_stored_files(app)) == 2
    html = client.get(f"/applications/{application_id}/documents").get_data(as_text=True)
    assert "policy-v1.pdf" in html and "policy-v2.docx" in html


def test_documents_are_downloaded_as_attachments_by_the_school_its_assessor_and_its_coordinator(app, application_id):
    assert _upload(signed_in(app, HEAD_A), application_id, PDF, "policy.pdf", _kind(app)).status_code == 302
    with app.app_context():
        file_id = db.session.scalar(select(DocumentFile.id))
        assign(application_id, "assessor@example.org")
    for email in (HEAD_A, "staff.a@example.org", "assessor@example.org", "coord.md@example.org"):
        response = signed_in(app, email).get(f"/documents/files/{file_id}")
        assert response.status_code == 200, email
        assert response.data == PDF
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("head.b@example.org", 403),  # a member of another school
        ("coord.ua@example.org", 403),  # a coordinator of another region
        ("admin@example.org", 403),  # may see the application, not the school's evidence
    ],
)
def test_others_cannot_download_a_document(app, application_id, email, status):
    assert _upload(signed_in(app, HEAD_A), application_id, PDF, "policy.pdf", _kind(app)).status_code == 302
    with app.app_context():
        file_id = db.session.scalar(select(DocumentFile.id))
    assert signed_in(app, email).get(f"/documents/files/{file_id}").status_code == status


def test_an_unassigned_assessor_cannot_download_a_document(app, application_id):
    assert _upload(signed_in(app, HEAD_A), application_id, PDF, "policy.pdf", _kind(app)).status_code == 302
    with app.app_context():
        file_id = db.session.scalar(select(DocumentFile.id))
    assert signed_in(app, "assessor@example.org").get(f"/documents/files/{file_id}").status_code == 403


def test_a_document_can_be_linked_to_criteria_and_unknown_criteria_are_refused(app, application_id):
    with app.app_context():
        codes = [c.code for c in framework_of().criteria[:2]]
    client = signed_in(app, HEAD_A)
    response = _upload(client, application_id, PDF, "policy.pdf", _kind(app), criteria=codes)
    assert response.status_code == 302
    with app.app_context():
        document = db.session.scalars(select(Document)).one()
        assert document.criterion_codes == sorted(codes)
    response = _upload(client, application_id, PDF, "second.pdf", _kind(app), criteria=["no-such-criterion"])
    assert response.status_code == 422
    assert "no-such-criterion" in response.get_data(as_text=True)
    assert _counts(app) == (1, 1)
