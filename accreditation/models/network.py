"""School networks (issue 31): a district, a municipality or a group of schools, its member schools and its leads.

A network lead is a grant of its own (``NetworkLead``, role ``workflows.roles.NETWORK_LEAD``): it lets its person see
the network's schools' progress and nothing else.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.school import School
from accreditation.models.time import UTCDateTime, utcnow
from accreditation.models.user import User


class Network(db.Model):
    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    members: Mapped[list[NetworkSchool]] = relationship(cascade="all, delete-orphan", back_populates="network")
    leads: Mapped[list[NetworkLead]] = relationship(cascade="all, delete-orphan", back_populates="network")


class NetworkSchool(db.Model):
    """A school in a network (a school may belong to several)."""

    __tablename__ = "network_schools"
    __table_args__ = (UniqueConstraint("network_id", "school_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    network: Mapped[Network] = relationship(back_populates="members")
    school: Mapped[School] = relationship()


class NetworkLead(db.Model):
    """The network-lead grant: one person leads one network."""

    __tablename__ = "network_leads"
    __table_args__ = (UniqueConstraint("network_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    named_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who named them (None for grants from before it was recorded, or once that account is removed).
    named_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    network: Mapped[Network] = relationship(back_populates="leads")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    named_by: Mapped[User | None] = relationship(foreign_keys=[named_by_id])


class NetworkMessage(db.Model):
    """A message a network's lead (or coordinator) sent its schools' admins: one delivery per admin
    (kind ``network_message``, subject this row), composed in each reader's language around the sender's words."""

    __tablename__ = "network_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    network: Mapped[Network] = relationship()
    sent_by: Mapped[User | None] = relationship()


class NetworkDocument(db.Model):
    """A document a network shares with its schools (e.g. a model policy); a school adopts a copy of it as its own
    evidence (``Document.origin_network_document_id`` keeps where the copy came from)."""

    __tablename__ = "network_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    storage_key: Mapped[str] = mapped_column(String(32), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    network: Mapped[Network] = relationship()
