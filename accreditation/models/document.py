"""Documents a school uploads for an application (policies, evidence), their versions, and the criteria each one
supports. A new upload of a document is a new version; the earlier ones are kept.

Files are stored outside any static folder under a random key (``accreditation.storage``); the database keeps
the original name (cleaned), the media type recognised from the content, the size and the SHA-256.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User

OTHER_KIND = "other"  # a document that is not one of the framework's kinds: further evidence


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A copy of a document a school network shared (issue 31): where it came from, kept while that one exists.
    origin_network_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_documents.id", ondelete="SET NULL")
    )
    origin_title: Mapped[str] = mapped_column(String(300), default="", server_default="")

    files: Mapped[list[DocumentFile]] = relationship(
        back_populates="document", order_by="DocumentFile.version", cascade="all, delete-orphan"
    )
    criteria: Mapped[list[DocumentCriterion]] = relationship(
        cascade="all, delete-orphan", order_by="DocumentCriterion.criterion_code"
    )

    @property
    def latest(self) -> DocumentFile | None:
        return self.files[-1] if self.files else None

    @property
    def criterion_codes(self) -> list[str]:
        return [link.criterion_code for link in self.criteria]


class DocumentFile(db.Model):
    """One uploaded version of a document."""

    __tablename__ = "document_files"
    __table_args__ = (
        UniqueConstraint("document_id", "version"),
        UniqueConstraint("storage_key"),
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    document: Mapped[Document] = relationship(back_populates="files")
    uploaded_by: Mapped[User | None] = relationship()


class DocumentCriterion(db.Model):
    """A criterion a document is evidence for."""

    __tablename__ = "document_criteria"
    __table_args__ = (UniqueConstraint("document_id", "criterion_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    criterion_code: Mapped[str] = mapped_column(String(60))
