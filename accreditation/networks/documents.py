"""Documents a network shares with its schools (e.g. a model policy), and a school's adoption of one: a copy into the
school's documents (through ``assessment.documents``: the same checks, quota and store), which the school then edits
as its own (new versions), with its origin kept (``Document.origin_network_document_id`` and ``origin_title``)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, select

from accreditation.assessment.documents import Upload, upload_document, upload_limit_bytes
from accreditation.assessment.errors import UploadTooLarge
from accreditation.assessment.filetypes import clean_filename, recognise
from accreditation.extensions import db
from accreditation.models import Application, Document, DocumentFile, NetworkDocument, NetworkSchool, User
from accreditation.models.document import OTHER_KIND
from accreditation.networks.access import network_for
from accreditation.networks.errors import NetworkInvalid, NetworkNotFound
from accreditation.storage import discard_on_rollback, read_bytes, store_stream


def share_document(actor: User, network_id: int, upload: Upload, title: str) -> NetworkDocument:
    """Share a file with the network's schools (its leads and coordinators). Flushes, never commits."""
    network = network_for(network_id, actor)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise NetworkInvalid(_("Give the document a title of at most 200 characters."))
    size = upload.size()
    if size > upload_limit_bytes():
        raise UploadTooLarge(current_app.config["MAX_UPLOAD_MB"])
    file_type = recognise(upload.stream(), current_app.config["MAX_UNPACKED_MB"] * 1024 * 1024)
    stored = store_stream(upload.stream())
    discard_on_rollback(db.session, stored.key)
    shared = NetworkDocument(
        network_id=network.id,
        title=title,
        storage_key=stored.key,
        filename=clean_filename(upload.filename or "document", file_type),
        media_type=file_type.media_type,
        size=stored.size,
        sha256=stored.sha256,
        shared_by_id=actor.id,
    )
    db.session.add(shared)
    db.session.flush()
    return shared


def shared_with_school(school_id: int) -> list[NetworkDocument]:
    """The documents the networks of this school share, the latest first."""
    return list(
        db.session.scalars(
            select(NetworkDocument)
            .join(NetworkSchool, NetworkSchool.network_id == NetworkDocument.network_id)
            .where(NetworkSchool.school_id == school_id)
            .order_by(NetworkDocument.created_at.desc(), NetworkDocument.id.desc())
        )
    )


def adopt_document(actor: User, application_id: int, network_document_id: int) -> DocumentFile:
    """Copy a document the school's network shares into the application's documents (its members, while the
    self-assessment is open: ``upload_document``'s rules), keeping its origin. Flushes, never commits."""
    shared = db.session.get(NetworkDocument, network_document_id)
    application = db.session.get(Application, application_id)
    in_network = (
        shared is not None
        and application is not None
        and db.session.scalar(
            select(
                exists().where(
                    NetworkSchool.network_id == shared.network_id, NetworkSchool.school_id == application.school_id
                )
            )
        )
    )
    if not in_network:
        raise NetworkNotFound(_("Your school's networks share no such document."))
    content = read_bytes(shared.storage_key, shared.sha256)
    version = upload_document(
        application_id, actor, Upload(content=content, filename=shared.filename), OTHER_KIND, shared.title
    )
    document = db.session.get(Document, version.document_id)
    document.origin_network_document_id = shared.id
    document.origin_title = f"{shared.network.name}: {shared.title}"[:300]
    db.session.flush()
    return version
