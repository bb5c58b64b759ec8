"""The school's storage quota counts its training certificates and its duties' documents with its applications'
document versions: a certificate or a duty's document past it is refused (413, the reason on the page) before it is
stored, the documents page counts a certificate's bytes, and a document upload no longer fits once certificates
filled the school's space."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from sqlalchemy import func, select, update

from accreditation.extensions import db
from accreditation.models import ComplianceDuty, DocumentFile, TrainingRecord
from accreditation.storage import current_store
from tests.applications.builders import start
from tests.assessment.builders import PDF, framework_of, ready_for_answers
from tests.between_awards.builders import HEAD_A, TRAINING_FORM, post_form, text_of
from tests.builders import csrf_token, people_read_english, sign_in  # noqa: F401  (an autouse fixture)

KB = 1024
SCHOOL_FULL = "This file does not fit in the space for your school’s documents ({shown})."


def pdf_of(kilobytes: int) -> bytes:
    """A PDF of ``kilobytes`` KB (recognised from its header)."""
    return PDF + b"%" + b"0" * (kilobytes * KB - len(PDF) - 1)


@pytest.fixture(autouse=True)
def _empty_store(app):
    """Every test starts and ends with an empty store: the tests count what it holds."""

    def empty() -> None:
        with app.app_context():
            store = current_store()
            for stored in list(store.objects()):
                store.delete(stored.key)

    empty()
    yield
    empty()


@pytest.fixture
def school_quota(app, monkeypatch):
    """Set the school's quota (in MB) for one test; the application's stays large."""

    def set_quota(megabytes: int) -> None:
        monkeypatch.setitem(app.config, "UPLOAD_QUOTA_APPLICATION_MB", 100)
        monkeypatch.setitem(app.config, "UPLOAD_QUOTA_SCHOOL_MB", megabytes)

    return set_quota


def _stored(app) -> int:
    with app.app_context():
        return len(list(current_store().objects()))


def _count(app, column) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(column)))


def _add_training(client, school_id: int, kilobytes: int, name: str = "Ana Popescu"):
    base = f"/schools/{school_id}/training"
    certificate = {"certificate": (pdf_of(kilobytes), f"{name}.pdf")}
    return post_form(client, f"{base}/new", f"{base}/new", {**TRAINING_FORM, "person_name": name}, certificate)


def _tick(client, school_id: int, duty_id: int, kilobytes: int):
    page = client.get(f"/schools/{school_id}/calendar").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "note": "Signed.", "document": (io.BytesIO(pdf_of(kilobytes)), "aup.pdf")}
    path = f"/schools/{school_id}/calendar/{duty_id}/done"
    return client.post(path, data=data, content_type="multipart/form-data")


def _text(response) -> str:
    return text_of(response.get_data(as_text=True))


def test_a_training_certificate_past_the_schools_quota_is_refused_and_nothing_is_stored(
    app, client, world, school_quota
):
    school_quota(1)
    sign_in(client, HEAD_A)
    assert _add_training(client, world.school_a, 600).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(TrainingRecord.file_size)) == 600 * KB
    assert _stored(app) == 1

    refused = _add_training(client, world.school_a, 600, "Ion Rusu")
    assert refused.status_code == 413
    text = _text(refused)
    assert SCHOOL_FULL.format(shown="0.6 MB of 1 MB used") in text
    assert "Nothing was stored." in text
    assert "Ion Rusu" in refused.get_data(as_text=True)  # the form keeps what was typed
    assert _count(app, TrainingRecord.id) == 1
    assert _stored(app) == 1

    assert _add_training(client, world.school_a, 300, "Ion Rusu").status_code == 302  # what still fits is stored
    assert _count(app, TrainingRecord.id) == 2
    assert _stored(app) == 2


def test_a_duty_document_past_the_schools_quota_is_refused_and_the_duty_stays_open(app, client, world, school_quota):
    with app.app_context():
        start(world, "ciss")
    school_quota(1)
    sign_in(client, HEAD_A)
    client.get(f"/schools/{world.school_a}/calendar")  # the calendar's rows of this period
    with app.app_context():
        duty_id = db.session.scalars(select(ComplianceDuty.id).order_by(ComplianceDuty.id)).first()
    assert _add_training(client, world.school_a, 600).status_code == 302  # a certificate takes 0.6 MB

    refused = _tick(client, world.school_a, duty_id, 600)
    assert refused.status_code == 413
    assert SCHOOL_FULL.format(shown="0.6 MB of 1 MB used") in _text(refused)
    with app.app_context():
        row = db.session.get(ComplianceDuty, duty_id)
        assert (row.done_on, row.file_key, row.file_size, row.note) == (None, None, None, "")
    assert _stored(app) == 1

    assert _tick(client, world.school_a, duty_id, 300).status_code == 302
    with app.app_context():
        row = db.session.get(ComplianceDuty, duty_id)
        assert row.done_on is not None and row.file_size == 300 * KB
    assert _stored(app) == 2


def test_the_documents_page_counts_the_schools_training_certificates(app, client, world, school_quota):
    with app.app_context():
        esafety = ready_for_answers(world)
    school_quota(1000)
    sign_in(client, HEAD_A)
    assert _add_training(client, world.school_a, 512).status_code == 302
    page = unescape(re.sub(r"\s+", " ", client.get(f"/applications/{esafety}/documents").get_data(as_text=True)))
    assert "Space for this application’s documents: 0.0 MB of 100 MB used." in page
    assert "Space for all of your school’s documents: 0.5 MB of 1,000 MB used." in page

    with app.app_context():  # a certificate stored before sizes were recorded counts 0
        db.session.execute(update(TrainingRecord).values(file_size=None))
        db.session.commit()
    page = unescape(re.sub(r"\s+", " ", client.get(f"/applications/{esafety}/documents").get_data(as_text=True)))
    assert "Space for all of your school’s documents: 0.0 MB of 1,000 MB used." in page


def test_a_document_no_longer_fits_once_training_certificates_filled_the_schools_space(
    app, client, world, school_quota
):
    with app.app_context():
        esafety = ready_for_answers(world)
        kind = framework_of().required_documents[0].code
    school_quota(1)
    sign_in(client, HEAD_A)
    assert _add_training(client, world.school_a, 600).status_code == 302
    page = client.get(f"/applications/{esafety}/documents").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "kind": kind, "file": (io.BytesIO(pdf_of(600)), "policy.pdf")}
    refused = client.post(f"/applications/{esafety}/documents", data=data, content_type="multipart/form-data")
    assert refused.status_code == 413
    assert SCHOOL_FULL.format(shown="0.6 MB of 1 MB used") in _text(refused)
    assert _count(app, DocumentFile.id) == 0
    assert _stored(app) == 1


def test_a_certificate_or_duty_document_over_one_uploads_limit_is_refused_and_nothing_is_stored(
    app, client, world, monkeypatch
):
    """MAX_UPLOAD_MB holds for these files as for an application's documents, not only the request's own cap."""
    with app.app_context():
        start(world, "ciss")
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    sign_in(client, HEAD_A)
    client.get(f"/schools/{world.school_a}/calendar")
    with app.app_context():
        duty_id = db.session.scalars(select(ComplianceDuty.id).order_by(ComplianceDuty.id)).first()
    too_large = "The file is larger than the limit of 1 MB; nothing was stored."

    refused = _add_training(client, world.school_a, 1025)
    assert refused.status_code == 413
    assert too_large in _text(refused)
    refused = _tick(client, world.school_a, duty_id, 1025)
    assert refused.status_code == 413
    assert too_large in _text(refused)
    assert (_count(app, TrainingRecord.id), _stored(app)) == (0, 0)
    with app.app_context():
        assert db.session.get(ComplianceDuty, duty_id).done_on is None

    assert _add_training(client, world.school_a, 1024).status_code == 302  # exactly the limit is stored
    assert _tick(client, world.school_a, duty_id, 1024).status_code == 302
    assert (_count(app, TrainingRecord.id), _stored(app)) == (1, 2)
