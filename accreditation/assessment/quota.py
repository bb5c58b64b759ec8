"""Storage quotas of uploaded files: the bytes of every stored document version count, per application and per
school, against limits from configuration (``UPLOAD_QUOTA_APPLICATION_MB``, ``UPLOAD_QUOTA_SCHOOL_MB``; 0 is no
limit), and so does the number of stored versions of one application (``UPLOAD_MAX_FILES_APPLICATION``, ASVS
12.1.3). The school's figure also counts the files it stores outside its applications: its training certificates and
its compliance duties' documents. A school network's shared documents have a limit of their own
(``UPLOAD_QUOTA_NETWORK_MB``), checked by ``check_network_quota`` before one more is shared.

``check_quota`` is the one rule, called by ``upload_document`` before a file is stored, and ``check_school_quota``
its school-level part, called before a training certificate or a duty's document is stored; ``usage`` gives the
figures the documents page shows. ``check_file_size`` is the limit of one upload (``MAX_UPLOAD_MB``), for every kind
of file."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from accreditation.assessment.errors import QuotaExceeded, UploadTooLarge
from accreditation.extensions import db
from accreditation.models import (
    Application,
    ComplianceDuty,
    Document,
    DocumentFile,
    Network,
    NetworkDocument,
    School,
    TrainingRecord,
)
from accreditation.storage import StoredFile, discard_on_rollback, store_bytes

MEGABYTE = 1024 * 1024


def megabytes(size: int) -> str:
    """A size in megabytes with one decimal, written the way the current language writes numbers."""
    return format_decimal(size / MEGABYTE, "#,##0.0")


@dataclass(frozen=True)
class Usage:
    """Bytes stored and the limit (None: no limit) of one application or one school."""

    used: int
    limit: int | None

    def fits(self, size: int) -> bool:
        return self.limit is None or self.used + size <= self.limit

    @property
    def shown(self) -> str:
        """The figure shown: "12.4 MB of 200 MB used", or "12.4 MB used" without a limit."""
        if self.limit is None:
            return _("%(used)s MB used", used=megabytes(self.used))
        return _(
            "%(used)s MB of %(limit)s MB used",
            used=megabytes(self.used),
            limit=format_decimal(self.limit // MEGABYTE),
        )


@dataclass(frozen=True)
class StorageUsage:
    application: Usage
    school: Usage
    application_files: int = 0  # stored versions of the application's documents


def _limit(name: str) -> int | None:
    megabytes_allowed = current_app.config[name]
    return megabytes_allowed * MEGABYTE if megabytes_allowed else None


def check_file_size(size: int) -> None:
    """UploadTooLarge (413) for a file over the limit of one upload (``MAX_UPLOAD_MB``): every kind of upload."""
    limit_mb = current_app.config["MAX_UPLOAD_MB"]
    if size > limit_mb * MEGABYTE:
        raise UploadTooLarge(limit_mb)


def _lock(model: type[School] | type[Network], row_id: int) -> None:
    """Lock the school's or network's row (PostgreSQL) until the transaction ends, so two uploads counted against
    its space are counted one after the other."""
    db.session.execute(select(model.id).where(model.id == row_id).with_for_update())


def _school_bytes(school_id: int):
    """The bytes the school stores (an SQL expression): its applications' document versions, its training
    certificates and its duties' documents. A NULL size (a file stored before sizes were recorded) counts 0."""
    documents = (
        select(func.sum(DocumentFile.size))
        .join(Document, Document.id == DocumentFile.document_id)
        .join(Application, Application.id == Document.application_id)
        .where(Application.school_id == school_id)
    )
    certificates = select(func.sum(TrainingRecord.file_size)).where(TrainingRecord.school_id == school_id)
    duty_documents = select(func.sum(ComplianceDuty.file_size)).where(ComplianceDuty.school_id == school_id)
    parts = [
        func.coalesce(part.correlate(None).scalar_subquery(), 0)  # never correlated with a query it is used in
        for part in (documents, certificates, duty_documents)
    ]
    return parts[0] + parts[1] + parts[2]


def usage(application_id: int, lock: bool = False) -> StorageUsage:
    """What the documents of the application and every stored file of its school take, with their limits. With
    ``lock``, the school's row is locked first (``_lock``)."""
    school_id = db.session.scalar(select(Application.school_id).where(Application.id == application_id))
    if lock:
        _lock(School, school_id)
    of_application, files, of_school = db.session.execute(
        select(
            func.coalesce(func.sum(DocumentFile.size), 0),
            func.count(DocumentFile.id),
            _school_bytes(school_id),
        )
        .select_from(DocumentFile)
        .join(Document, Document.id == DocumentFile.document_id)
        .where(Document.application_id == application_id)
    ).one()
    return StorageUsage(
        application=Usage(int(of_application), _limit("UPLOAD_QUOTA_APPLICATION_MB")),
        school=Usage(int(of_school), _limit("UPLOAD_QUOTA_SCHOOL_MB")),
        application_files=int(files),
    )


def school_usage(school_id: int, lock: bool = False) -> Usage:
    """What every stored file of the school takes, with the school's limit (``lock`` as in ``usage``)."""
    if lock:
        _lock(School, school_id)
    return Usage(int(db.session.scalar(select(_school_bytes(school_id)))), _limit("UPLOAD_QUOTA_SCHOOL_MB"))


def network_usage(network_id: int, lock: bool = False) -> Usage:
    """What the files a network shares take, with the limit of one network's (``UPLOAD_QUOTA_NETWORK_MB``). With
    ``lock``, the network's row is locked first (``_lock``)."""
    if lock:
        _lock(Network, network_id)
    used = db.session.scalar(
        select(func.coalesce(func.sum(NetworkDocument.size), 0)).where(NetworkDocument.network_id == network_id)
    )
    return Usage(int(used), _limit("UPLOAD_QUOTA_NETWORK_MB"))


def check_network_quota(network_id: int, size: int) -> None:
    """QuotaExceeded (413) when sharing ``size`` more bytes would pass the network's limit."""
    space = network_usage(network_id, lock=True)
    if not space.fits(size):
        raise QuotaExceeded(
            _("This file does not fit in the space for the network’s shared documents (%(shown)s).", shown=space.shown)
            + " "
            + _("Stop sharing documents that are no longer needed, or share a smaller file. Nothing was stored.")
        )


def _remedy() -> str:
    return _("Remove documents that are no longer needed, or upload a smaller file. Nothing was stored.")


def _school_full(school: Usage) -> QuotaExceeded:
    return QuotaExceeded(
        _("This file does not fit in the space for your school’s documents (%(shown)s).", shown=school.shown)
        + " "
        + _remedy()
    )


def check_quota(application_id: int, size: int) -> None:
    """QuotaExceeded (413) when storing ``size`` more bytes would pass the application's or the school's limit,
    or one more version the application's number of stored versions."""
    figures = usage(application_id, lock=True)
    most_files = current_app.config.get("UPLOAD_MAX_FILES_APPLICATION", 0)
    if most_files and figures.application_files >= most_files:
        raise QuotaExceeded(
            ngettext(
                "This application already keeps %(num)s document version, the most it may keep.",
                "This application already keeps %(num)s document versions, the most it may keep.",
                most_files,
            )
            + " "
            + _("Remove documents that are no longer needed. Nothing was stored.")
        )
    if not figures.application.fits(size):
        raise QuotaExceeded(
            _(
                "This file does not fit in the space for this application’s documents (%(shown)s).",
                shown=figures.application.shown,
            )
            + " "
            + _remedy()
        )
    if not figures.school.fits(size):
        raise _school_full(figures.school)


def check_school_quota(school_id: int, size: int) -> None:
    """QuotaExceeded (413) when storing ``size`` more bytes of the school outside its applications (a training
    certificate, a duty's document) would pass the school's limit. Locks the school's row, as ``check_quota``."""
    school = school_usage(school_id, lock=True)
    if not school.fits(size):
        raise _school_full(school)


def store_school_file(school_id: int, content: bytes) -> StoredFile:
    """Store ``content``, a file of the school kept outside its applications (a training certificate, a duty's
    document), once ``check_file_size`` (UploadTooLarge) and ``check_school_quota`` (QuotaExceeded) let it in:
    otherwise nothing is stored. Removed again if the transaction rolls back."""
    check_file_size(len(content))
    check_school_quota(school_id, len(content))
    stored = store_bytes(content)
    discard_on_rollback(db.session, stored.key)
    return stored
