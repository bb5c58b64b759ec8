"""Counts kept beside the history so that the dashboard does not read a million transition records per page."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from accreditation.extensions import db


class StateStayCount(db.Model):
    """How many stays in ``from_state``, of one programme's applications in one country, lasted ``tenths`` tenths of
    a day (rounded): the dashboard's time in each state for whole countries. fire() adds one for each record that
    leaves a state (a move back into the same state is not a stay that ended). A school's country never changes,
    nor does a record, so the counts stay exact."""

    __tablename__ = "state_stay_counts"
    __table_args__ = (
        CheckConstraint("tenths >= 0", name="tenths_not_negative"),
        CheckConstraint("stays >= 0", name="stays_not_negative"),
    )

    programme_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), primary_key=True)
    from_state: Mapped[str] = mapped_column(String(40), primary_key=True)
    tenths: Mapped[int] = mapped_column(Integer, primary_key=True)
    stays: Mapped[int] = mapped_column(Integer, default=0)
