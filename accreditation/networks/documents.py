"""Documents a network shares with its schools (e.g. a model policy), and a school's adoption of one: a copy into the
school's documents (through ``assessment.documents``: the same checks, quota and store), which the school then edits
as its own (new versions), with its origin kept (``Document.origin_network_document_id`` and ``origin_title``)."""

from __future__ import annotations

from flask import Response, current_app
from flask_babel import gettext as _
from sqlalchemy import exists, func, select, update

from accreditation.assessment.documents import Upload, upload_document
from accreditation.assessment.downloads import stored_file_response
from accreditation.assessment.filetypes import clean_filename, recognise
from accreditation.assessment.quota import check_file_size, check_network_quota
from accreditation.audit import record_read
from accreditation.extensions import db
from accreditation.models import (
    Application,
    Document,
    DocumentFile,
    NetworkDocument,
    NetworkSchool,
    User,
)
from accreditation.models.document import OTHER_KIND
from accreditation.networks.access import network_for
from accreditation.networks.errors import NetworkInvalid, NetworkNotFound
from accreditation.storage import discard_on_commit, discard_on_rollback, read_bytes, store_stream


def share_document(actor: User, network_id: int, upload: Upload, title: str) -> NetworkDocument:
    """Share a file with the network's schools (its leads and coordinators): checked as the schools' uploads are, and
    within the network's storage quota (QuotaExceeded, 413: nothing stored). Flushes, never commits."""
    network = network_for(network_id, actor)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise NetworkInvalid(_("Give the document a title of at most 200 characters."))
    size = upload.size()
    check_file_size(size)
    file_type = recognise(upload.stream(), current_app.config["MAX_UNPACKED_MB"] * 1024 * 1024)
    check_network_quota(network.id, size)
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


def network_documents(actor: User, network_id: int) -> list[NetworkDocument]:
    """The documents the network shares, the latest first (whoever may see the network: its leads and
    coordinators)."""
    network = network_for(network_id, actor)
    return list(
        db.session.scalars(
            select(NetworkDocument)
            .where(NetworkDocument.network_id == network.id)
            .order_by(NetworkDocument.created_at.desc(), NetworkDocument.id.desc())
        )
    )


def withdraw_document(actor: User, network_id: int, network_document_id: int) -> NetworkDocument:
    """Stop sharing a document (whoever may share it). The schools' adopted copies stay theirs, with the origin's
    name kept; the shared file is removed once the transaction commits. Flushes, never commits."""
    network = network_for(network_id, actor)
    shared = db.session.get(NetworkDocument, network_document_id)
    if shared is None or shared.network_id != network.id:
        raise NetworkNotFound(_("The network shares no such document."))
    db.session.execute(
        update(Document)
        .where(Document.origin_network_document_id == shared.id)
        .values(origin_network_document_id=None)
        .execution_options(synchronize_session=False)
    )
    discard_on_commit(db.session, shared.storage_key)
    db.session.delete(shared)
    db.session.flush()
    return shared


def readable_document(actor: User, network_document_id: int) -> NetworkDocument:
    """A shared document for its network's leads and coordinators to open (``NetworkNotFound`` for anyone else)."""
    shared = db.session.get(NetworkDocument, network_document_id)
    if shared is None:
        raise NetworkNotFound(_("The network shares no such document."))
    network_for(shared.network_id, actor)
    return shared


def offered_document(school_id: int, network_document_id: int) -> NetworkDocument:
    """A document one of this school's networks shares (for whoever the caller let see the school's documents);
    ``NetworkNotFound`` else."""
    shared = db.session.get(NetworkDocument, network_document_id)
    in_network = shared is not None and db.session.scalar(
        select(exists().where(NetworkSchool.network_id == shared.network_id, NetworkSchool.school_id == school_id))
    )
    if not in_network:
        raise NetworkNotFound(_("Your school's networks share no such document."))
    return shared


def shared_count(school_id: int) -> int:
    """How many documents the networks of this school share (the documents page's link to them)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(NetworkDocument)
            .join(NetworkSchool, NetworkSchool.network_id == NetworkDocument.network_id)
            .where(NetworkSchool.school_id == school_id)
        )
        or 0
    )


def adopted_copies(application_id: int) -> dict[int, Document]:
    """The application's documents adopted from a network, by the shared document they copy."""
    return {
        document.origin_network_document_id: document
        for document in db.session.scalars(
            select(Document).where(
                Document.application_id == application_id, Document.origin_network_document_id.is_not(None)
            )
        )
    }


def shared_file_response(shared: NetworkDocument) -> Response:
    """The shared file as a download, like a school's document version (streamed and checked, never cached or
    sniffed, sandboxed), written to the audit log."""
    record_read("network_document", network_document=shared.id, network=shared.network_id)
    return stored_file_response(shared)
