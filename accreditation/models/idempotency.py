"""Idempotency keys of the JSON API: the first answer to a POST sent with an ``Idempotency-Key``, so that a retry
with the same key (same person, same request) gets that answer again instead of doing the work twice.

A row is written when the request starts (``status`` None: still in progress) and completed with the answer; an
answer that is a server error is not kept (the row goes, a retry runs again). Rows are kept for a day."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow


class IdempotencyKey(db.Model):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64), doc="SHA-256 of the method, path and body")
    status: Mapped[int | None] = mapped_column(Integer, doc="None: the first request is still in progress")
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    response_headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<IdempotencyKey {self.key!r} of user {self.user_id}: {self.status}>"
