"""Community surveys: a school's survey windows, one link per audience, the responses (one per device, with no
answer on them) and the answers as a count and a sum per question, kept up to date on every response, so results
and regional aggregates read a few rows per window whatever the number of respondents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db
from accreditation.models.school import School
from accreditation.models.time import UTCDateTime, utcnow


class SurveyWindow(db.Model):
    """A school's survey, open from ``opens_on`` to ``closes_on`` (inclusive, the school's dates), asked with the
    programme's instrument version ``instrument_version``."""

    __tablename__ = "survey_windows"
    __table_args__ = (CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    programme: Mapped[str] = mapped_column(String(64))
    instrument_version: Mapped[int] = mapped_column(Integer)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    languages: Mapped[str] = mapped_column(String(40))  # comma-separated language codes offered
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    school: Mapped[School] = relationship()
    audiences: Mapped[list[SurveyAudience]] = relationship(
        back_populates="window", cascade="all, delete-orphan", order_by="SurveyAudience.id"
    )

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class SurveyAudience(db.Model):
    """One audience of a window: its link's random token and how many have answered."""

    __tablename__ = "survey_audiences"
    __table_args__ = (UniqueConstraint("window_id", "audience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("survey_windows.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(20))
    token: Mapped[str] = mapped_column(String(32), unique=True)
    responses: Mapped[int] = mapped_column(Integer, default=0)

    window: Mapped[SurveyWindow] = relationship(back_populates="audiences")


class SurveyResponse(db.Model):
    """That one device answered a window: a digest of its random cookie (no address, no user agent, no answer)."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("window_id", "device"),
        Index("ix_survey_responses_window_submitted", "window_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("survey_windows.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(20))
    device: Mapped[str] = mapped_column(String(64))
    class_code: Mapped[str | None] = mapped_column(String(16))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SurveyCount(db.Model):
    """How many respondents of an audience answered a question in a window, and the sum of their answers (a mean is
    ``total / answers``): one row per question, kept up to date on every response."""

    __tablename__ = "survey_counts"

    window_id: Mapped[int] = mapped_column(ForeignKey("survey_windows.id", ondelete="CASCADE"), primary_key=True)
    audience: Mapped[str] = mapped_column(String(20), primary_key=True)
    question: Mapped[str] = mapped_column(String(40), primary_key=True)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)


class SurveyComment(db.Model):
    """A free-text answer, kept apart from its response; shown to the school only once the window has closed."""

    __tablename__ = "survey_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("survey_windows.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)


class SurveySnapshotResult(db.Model):
    """The community's view of one criterion by one audience as it was when the school submitted (round
    ``snapshot_id``): what the assessor reviews. Only what could be shown is kept (``mean`` None: too few)."""

    __tablename__ = "survey_snapshot_results"
    __table_args__ = (UniqueConstraint("snapshot_id", "audience", "criterion_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(20))
    criterion_code: Mapped[str] = mapped_column(String(60))  # "" for the audience's row of responses
    responses: Mapped[int | None] = mapped_column(Integer)
    mean: Mapped[float | None] = mapped_column(Float)
