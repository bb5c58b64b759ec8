"""Uploading documents (policies, evidence) to an application, new versions of them, the criteria they support,
removing one, and who may read them. Every check runs before the file is stored; a stored file whose transaction
does not commit is removed again, a removed one only once its transaction commits (``accreditation.storage``)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.applications.errors import NotPermitted
from accreditation.applications.permissions import application_for
from accreditation.assessment.answers import workspace
from accreditation.assessment.errors import AssessmentError, NotEditable, UnknownCriterion, UnknownDocument
from accreditation.assessment.errors import UploadTooLarge as UploadTooLarge
from accreditation.assessment.filetypes import clean_filename, recognise
from accreditation.assessment.permissions import SCHOOL_ROLES, may_read_documents
from accreditation.assessment.quota import check_file_size, check_quota
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import (
    Application,
    Document,
    DocumentCriterion,
    DocumentFile,
    Snapshot,
    SnapshotDocument,
    User,
)
from accreditation.models.document import OTHER_KIND
from accreditation.models.time import utcnow
from accreditation.storage import discard_on_commit, discard_on_rollback, store_stream

MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class Upload:
    """A file as it arrived: its bytes, or a seekable stream of them (a request's file, spooled to disk, so a large
    upload is never held whole in memory), and the name it was sent with."""

    content: bytes | IO[bytes]
    filename: str

    def size(self) -> int:
        if isinstance(self.content, bytes | bytearray):
            return len(self.content)
        self.content.seek(0, os.SEEK_END)
        size = self.content.tell()
        self.content.seek(0)
        return size

    def stream(self) -> IO[bytes]:
        """The content from its start."""
        if isinstance(self.content, bytes | bytearray):
            return io.BytesIO(self.content)
        self.content.seek(0)
        return self.content


def upload_document(
    application_id: int,
    actor: User,
    upload: Upload,
    kind: str = OTHER_KIND,
    title: str = "",
    criterion_codes: Iterable[str] = (),
    document_id: int | None = None,
) -> DocumentFile:
    """Store ``upload`` as a new document of ``kind`` (or as the next version of ``document_id``), linked to
    ``criterion_codes``. Flushes; the caller commits."""
    space = workspace(application_id, actor)
    if not space.roles & SCHOOL_ROLES:
        raise NotPermitted(_("Only the school's members upload its documents."))
    if not space.editable:
        raise NotEditable(_("Documents can be uploaded while the school works on its self-assessment."))
    framework = space.framework
    codes = sorted(set(criterion_codes))
    for code in codes:
        if framework.criterion(code) is None:
            raise UnknownCriterion(code)
    document = None
    if document_id is not None:
        document = db.session.get(Document, document_id)
        if document is None or document.application_id != application_id:
            raise UnknownDocument()
    elif kind != OTHER_KIND and kind not in framework.documents:
        raise AssessmentError(_("Please choose what kind of document this is."))
    title = title.strip()[:MAX_TITLE_CHARS]
    if document is None and kind == OTHER_KIND and not title:
        raise AssessmentError(_("Please give the document a title."))
    size = upload.size()
    check_file_size(size)
    file_type = recognise(upload.stream(), current_app.config["MAX_UNPACKED_MB"] * 1024 * 1024)
    filename = clean_filename(upload.filename or "document", file_type)
    check_quota(application_id, size)

    now = utcnow()
    if document is None:
        document = Document(
            application_id=application_id,
            kind=kind,
            title=title or local(framework.documents[kind].title),
            created_at=now,
            created_by_id=actor.id,
        )
        db.session.add(document)
        db.session.flush()
    elif title:
        document.title = title
    next_version = (document.latest.version if document.latest else 0) + 1
    stored = store_stream(upload.stream())
    discard_on_rollback(db.session, stored.key)
    version = DocumentFile(
        document_id=document.id,
        version=next_version,
        storage_key=stored.key,
        filename=filename,
        media_type=file_type.media_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_at=now,
        uploaded_by_id=actor.id,
    )
    db.session.add(version)
    _link(document, codes, replace=False)
    db.session.flush()
    db.session.expire(document, ["files"])
    return version


def link_criteria(
    document_id: int, actor: User, criterion_codes: Iterable[str], application_id: int | None = None
) -> Document:
    """Set the criteria a document supports (replacing the earlier choice). With ``application_id``, a document of
    another application is UnknownDocument too."""
    document = db.session.get(Document, document_id)
    if document is None or application_id is not None and document.application_id != application_id:
        raise UnknownDocument()
    space = workspace(document.application_id, actor)
    if not space.roles & SCHOOL_ROLES:
        raise NotPermitted(_("Only the school's members change its documents."))
    if not space.editable:
        raise NotEditable(_("Documents can be changed while the school works on its self-assessment."))
    codes = sorted(set(criterion_codes))
    for code in codes:
        if space.framework.criterion(code) is None:
            raise UnknownCriterion(code)
    _link(document, codes, replace=True)
    db.session.flush()
    return document


def remove_document(application_id: int, document_id: int, actor: User) -> None:
    """Delete a document of the application with all its versions (the school's members, while it works on its
    self-assessment). A submitted round keeps the versions it froze, so a document one of them was submitted in
    stays (NotEditable, 409: upload a new version instead). The stored files go once the transaction commits.
    Flushes; the caller commits."""
    space = workspace(application_id, actor)
    document = db.session.get(Document, document_id)
    if document is None or document.application_id != application_id:
        raise UnknownDocument()
    if not space.roles & SCHOOL_ROLES:
        raise NotPermitted(_("Only the school's members change its documents."))
    if not space.editable:
        raise NotEditable(_("Documents can be changed while the school works on its self-assessment."))
    rounds = submitted_in(document)
    if rounds:
        raise NotEditable(
            _(
                "“%(title)s” was submitted with the self-assessment (round %(round)s), which keeps it as it was; "
                "upload a new version of it instead.",
                title=document.title,
                round=rounds[-1],
            )
        )
    keys = [version.storage_key for version in document.files]
    db.session.delete(document)
    db.session.flush()
    for key in keys:
        discard_on_commit(db.session, key)


def submitted_in(document: Document) -> list[int]:
    """The rounds (submitted snapshots) that froze a version of ``document``, in order."""
    return list(
        db.session.scalars(
            select(Snapshot.round)
            .join(SnapshotDocument, SnapshotDocument.snapshot_id == Snapshot.id)
            .join(DocumentFile, DocumentFile.id == SnapshotDocument.document_file_id)
            .where(DocumentFile.document_id == document.id)
            .distinct()
            .order_by(Snapshot.round)
        )
    )


def _link(document: Document, codes: list[str], replace: bool) -> None:
    current = {link.criterion_code: link for link in document.criteria}
    if replace:
        for code, link in current.items():
            if code not in codes:
                document.criteria.remove(link)
    for code in codes:
        if code not in current:
            document.criteria.append(DocumentCriterion(criterion_code=code))


def documents_of(application_id: int) -> list[Document]:
    return list(
        db.session.scalars(
            select(Document).where(Document.application_id == application_id).order_by(Document.kind, Document.id)
        ).all()
    )


def readable_file(file_id: int, user: User) -> tuple[DocumentFile, Application]:
    """A document version ``user`` may download: the school's members, its assigned assessors and the
    coordinators over its region. NotYours (403) for others, NotPermitted (403) for those who see the application
    but not its evidence (admins)."""
    document_file = db.session.get(DocumentFile, file_id)
    if document_file is None:
        raise UnknownDocument()
    application, roles = application_for(document_file.document.application_id, user)
    if not may_read_documents(roles):
        raise NotPermitted(_("Only the school, its assessors and its coordinators may read its documents."))
    return document_file, application
