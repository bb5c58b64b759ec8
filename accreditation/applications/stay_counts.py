"""Counting the stays that end, by programme, country, state and length (see ``StateStayCount``), in the caller's
transaction, so that the counts always match the history."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Executable, bindparam
from sqlalchemy.dialects import postgresql, sqlite

from accreditation.extensions import db
from accreditation.models.statistics import StateStayCount

DAY = 86400
TENTH = DAY // 10
# A stay's length is counted in tenths of a day, to the precision the dashboard shows: a tenth of a day below ten
# days, a whole day below a year, ten days beyond (so that a country's counts stay a few thousand rows).
SQL_TENTHS = (
    "CASE WHEN {s} < 864000 THEN ({s} + 4320) / 8640 "
    "WHEN {s} < 31536000 THEN ({s} + 43200) / 86400 * 10 "
    "ELSE ({s} + 432000) / 864000 * 100 END"
)


def tenths_of(seconds: int) -> int:
    """A stay's length in tenths of a day at the precision counted (half up; as ``SQL_TENTHS`` on integers)."""
    if seconds < 10 * DAY:
        return (seconds + TENTH // 2) // TENTH
    if seconds < 365 * DAY:
        return (seconds + DAY // 2) // DAY * 10
    return (seconds + 5 * DAY) // (10 * DAY) * 100


def ended_stay(
    programme_code: str, country_code: str, from_state: str | None, to_state: str, seconds: int | None
) -> dict[str, object] | None:
    """The stay a transition ends, as the counted row's key; None for the first record of a cycle or a move into
    the same state (fire() has it counted by the step's own statement on PostgreSQL, ``applications/writes.py``)."""
    if from_state is None or from_state == to_state or seconds is None:
        return None
    return {
        "programme_code": programme_code,
        "country_code": country_code,
        "from_state": from_state,
        "tenths": tenths_of(seconds),
    }


def count_stay(
    programme_code: str, country_code: str, from_state: str | None, to_state: str, seconds: int | None
) -> None:
    """Add the stay a transition ended; nothing for the first record of a cycle or a move into the same state."""
    stay = ended_stay(programme_code, country_code, from_state, to_state, seconds)
    if stay is not None:
        count(stay)


def count(stay: dict[str, object]) -> None:
    """Add one to the count of ``stay`` (a row key from ``ended_stay``)."""
    parameters = {
        "programme": stay["programme_code"],
        "country": stay["country_code"],
        "state": stay["from_state"],
        "tenths": stay["tenths"],
    }
    db.session.execute(_upsert(db.session.get_bind().dialect.name), parameters)


@lru_cache(maxsize=4)
def _upsert(dialect_name: str) -> Executable:
    """INSERT … ON CONFLICT DO UPDATE stays + 1, built once per dialect (PostgreSQL or SQLite) with parameters."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    table = StateStayCount.__table__
    return (
        dialect.insert(table)
        .values(
            programme_code=bindparam("programme"),
            country_code=bindparam("country"),
            from_state=bindparam("state"),
            tenths=bindparam("tenths"),
            stays=1,
        )
        .on_conflict_do_update(
            index_elements=[table.c.programme_code, table.c.country_code, table.c.from_state, table.c.tenths],
            set_={"stays": table.c.stays + 1},
        )
    )
