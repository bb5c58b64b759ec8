"""Storage quotas of uploaded documents: the bytes of every stored version count, per application and per school,
against limits from configuration (``UPLOAD_QUOTA_APPLICATION_MB``, ``UPLOAD_QUOTA_SCHOOL_MB``; 0 is no limit), and
so does the number of stored versions of one application (``UPLOAD_MAX_FILES_APPLICATION``, ASVS 12.1.3).

``check_quota`` is the one rule, called by ``upload_document`` before a file is stored; ``usage`` gives the figures
the documents page shows."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from accreditation.assessment.errors import QuotaExceeded
from accreditation.extensions import db
from accreditation.models import Application, Document, DocumentFile, School

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


def usage(application_id: int, lock: bool = False) -> StorageUsage:
    """What the documents of the application and of its school's applications take, with their limits. With
    ``lock``, the school's row is locked first (PostgreSQL), so two uploads of one school are counted one after
    the other."""
    school_id = db.session.scalar(select(Application.school_id).where(Application.id == application_id))
    if lock:
        db.session.execute(select(School.id).where(School.id == school_id).with_for_update())
    of_application, of_school, files = db.session.execute(
        select(
            func.coalesce(func.sum(DocumentFile.size).filter(Document.application_id == application_id), 0),
            func.coalesce(func.sum(DocumentFile.size), 0),
            func.count(DocumentFile.id).filter(Document.application_id == application_id),
        )
        .select_from(DocumentFile)
        .join(Document, Document.id == DocumentFile.document_id)
        .join(Application, Application.id == Document.application_id)
        .where(Application.school_id == school_id)
    ).one()
    return StorageUsage(
        application=Usage(int(of_application), _limit("UPLOAD_QUOTA_APPLICATION_MB")),
        school=Usage(int(of_school), _limit("UPLOAD_QUOTA_SCHOOL_MB")),
        application_files=int(files),
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
    remedy = _("Remove documents that are no longer needed, or upload a smaller file. Nothing was stored.")
    if not figures.application.fits(size):
        raise QuotaExceeded(
            _(
                "This file does not fit in the space for this application’s documents (%(shown)s).",
                shown=figures.application.shown,
            )
            + " "
            + remedy
        )
    if not figures.school.fits(size):
        raise QuotaExceeded(
            _(
                "This file does not fit in the space for your school’s documents (%(shown)s).",
                shown=figures.school.shown,
            )
            + " "
            + remedy
        )
