"""Removing a document from the documents page: the same operation as the API's DELETE (``remove_document``)."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Document
from tests.applications.builders import fire_as
from tests.applications.conftest import evidence  # noqa: F401  (fixture)
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, answer_all, ready_for_answers, upload_required
from tests.builders import csrf_token


def test_a_school_member_removes_a_document_from_the_page_until_it_is_submitted(app, world, evidence):  # noqa: F811
    with app.app_context():
        application_id = ready_for_answers(world)
        upload_required(application_id)
        document_ids = list(db.session.scalars(select(Document.id).order_by(Document.id)))
    client = signed_in(app, HEAD_A)
    page = client.get(f"/applications/{application_id}/documents").get_data(as_text=True)
    action = f"/applications/{application_id}/documents/{document_ids[0]}/remove"
    assert action in page
    unconfirmed = client.post(action, data={"csrf_token": csrf_token(page)})
    assert unconfirmed.status_code == 422 and "Tick the box to confirm" in unconfirmed.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Document, document_ids[0]) is not None
    removed = client.post(action, data={"csrf_token": csrf_token(page), "understood": "y"})
    assert removed.status_code == 302
    with app.app_context():
        assert db.session.get(Document, document_ids[0]) is None
        answer_all(application_id)
        upload_required(application_id)
        fire_as(application_id, "submit", HEAD_A)
        remaining = db.session.scalars(select(Document.id)).first()
    page = client.get(f"/applications/{application_id}/documents").get_data(as_text=True)
    assert "/remove" not in page
    refused = client.post(
        f"/applications/{application_id}/documents/{remaining}/remove",
        data={"csrf_token": csrf_token(page), "understood": "y"},
    )
    assert refused.status_code == 409
    with app.app_context():
        assert db.session.get(Document, remaining) is not None
