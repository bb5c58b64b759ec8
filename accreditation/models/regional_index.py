"""The regional index's counts as last computed, per programme, country and year (issue 31): read by the dashboard
and the API while fresh, so a country of 40,000 schools is not aggregated again on every request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from accreditation.extensions import db
from accreditation.models.time import UTCDateTime, utcnow


class RegionalIndexCounts(db.Model):
    __tablename__ = "regional_index_counts"
    __table_args__ = (UniqueConstraint("programme_code", "country_code", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_code: Mapped[str] = mapped_column(String(40))
    country_code: Mapped[str] = mapped_column(String(2))
    year: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
