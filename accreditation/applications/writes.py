"""Writing one step of an application: its new state and version (only while it is still at the version that was
read), its transition record and its outbox jobs, in the caller's transaction.

On PostgreSQL this is one statement: data-modifying CTEs chain the conditional UPDATE to the two INSERTs, so a
stale version inserts nothing and the whole write costs one round trip; the stay the step ends
(``stay_counts``) is counted in the same statement. Elsewhere (SQLite) it is one statement
each for the UPDATE, the record and every job, checked in order. Both give back the same thing: the record as
written (``WrittenRecord``, no ORM entity), and the ids of the jobs to relay after commit. Statements are built
once per shape (which columns change, how many jobs) with bound parameters, and reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Executable, Table, bindparam, func, insert, literal_column, select, union_all, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from accreditation.applications import stay_counts
from accreditation.applications.errors import StaleVersion
from accreditation.extensions import db
from accreditation.models import Application, OutboxJob, TransitionRecord
from accreditation.models.statistics import StateStayCount
from accreditation.prebuilt import Prebuilt

APPLICATIONS: Table = Application.__table__
RECORDS: Table = TransitionRecord.__table__
JOBS: Table = OutboxJob.__table__
STAYS: Table = StateStayCount.__table__


@dataclass(frozen=True)
class StepWrite:
    """What one step writes. ``changes`` are the application's new column values (its new version included),
    ``record`` the transition record's and ``jobs`` each outbox job's (all but their ids; every job has the
    same columns)."""

    application_id: int
    read_version: int
    changes: dict[str, Any]
    record: dict[str, Any]
    jobs: list[dict[str, Any]]
    stay: dict[str, Any] | None = None  # the stay ended (``stay_counts.ended_stay``), counted with the step

    @property
    def shape(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], int, bool]:
        job_columns = tuple(self.jobs[0]) if self.jobs else ()
        return tuple(self.changes), tuple(self.record), job_columns, len(self.jobs), self.stay is not None

    def parameters(self) -> dict[str, Any]:
        """The bound values of the statements built for this shape."""
        values = {"application_id": self.application_id, "read_version": self.read_version}
        values.update({f"change_{name}": value for name, value in self.changes.items()})
        values.update({f"record_{name}": value for name, value in self.record.items()})
        for index, job in enumerate(self.jobs):
            values.update({f"job{index}_{name}": value for name, value in job.items()})
        values.update({f"stay_{name}": value for name, value in (self.stay or {}).items()})
        return values


@dataclass(frozen=True, slots=True)
class WrittenRecord:
    """The transition record a step wrote, as it was written: ``TransitionRecord``'s columns under their names, and no
    ORM entity (fire()'s callers read only these; building and adopting an entity was a tenth of fire(), issue 27).
    ``entity()`` loads the ORM row for a caller that needs its relationships."""

    id: int
    application_id: int
    version: int
    event: str
    from_state: str | None
    to_state: str
    actor_id: int | None
    actor_role: str
    comment: str
    data: dict[str, Any]
    at: datetime
    seconds_in_from_state: int | None

    def entity(self) -> TransitionRecord:
        return db.session.get(TransitionRecord, self.id)


def write_step(step: StepWrite) -> tuple[WrittenRecord, list[int]]:
    """Write ``step``; StaleVersion (and nothing written) if the application is no longer at its read version.
    ``step.stay``, the stay the step ends, is counted too (in the same statement on PostgreSQL)."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        record_id, job_ids = _in_one_statement(step, connection)
    else:
        record_id, job_ids = _in_three_statements(step)
    return WrittenRecord(id=record_id, **step.record), job_ids


def _parameter(table: Table, column: str, prefix: str):
    return bindparam(f"{prefix}{column}", type_=table.c[column].type)


def _conditional_update(change_columns: tuple[str, ...]):
    return (
        update(APPLICATIONS)
        .where(
            APPLICATIONS.c.id == bindparam("application_id"),
            APPLICATIONS.c.version == bindparam("read_version"),
        )
        .values({name: _parameter(APPLICATIONS, name, "change_") for name in change_columns})
    )


@lru_cache(maxsize=128)
def _three_statements(shape: tuple) -> tuple[Executable, Executable, tuple[Executable, ...]]:
    change_columns, record_columns, job_columns, job_count, _stay = shape
    record = insert(RECORDS).values({n: _parameter(RECORDS, n, "record_") for n in record_columns})
    # One INSERT per job: SQLite does not promise RETURNING's order for a multi-row VALUES.
    jobs = tuple(
        insert(JOBS).values({n: _parameter(JOBS, n, f"job{i}_") for n in job_columns}).returning(JOBS.c.id)
        for i in range(job_count)
    )
    return _conditional_update(change_columns), record.returning(RECORDS.c.id), jobs


def _in_three_statements(step: StepWrite) -> tuple[int, list[int]]:
    moved, record, jobs = _three_statements(step.shape)
    parameters = step.parameters()
    if db.session.execute(moved, parameters).rowcount != 1:
        raise StaleVersion(step.application_id, step.read_version)
    record_id = db.session.execute(record, parameters).scalar_one()
    job_ids = [db.session.execute(job, parameters).scalar_one() for job in jobs]
    if step.stay is not None:
        stay_counts.count(step.stay)
    return record_id, job_ids


@lru_cache(maxsize=128)
def _one_statement(shape: tuple) -> Prebuilt:
    change_columns, record_columns, job_columns, job_count, stay = shape
    moved = _conditional_update(change_columns).returning(APPLICATIONS.c.id).cte("moved")

    def from_moved(table: Table, columns: tuple[str, ...], prefix: str):
        """A SELECT of the bound values for each row the UPDATE moved (none when the version was stale)."""
        return select(
            *(
                moved.c.id if name == "application_id" else _parameter(table, name, prefix).label(name)
                for name in columns
            )
        )

    record = (
        insert(RECORDS)
        .from_select(list(record_columns), from_moved(RECORDS, record_columns, "record_"))
        .returning(RECORDS.c.id)
        .cte("record")
    )
    columns = [select(record.c.id).scalar_subquery()]
    if job_count:
        rows = [from_moved(JOBS, job_columns, f"job{index}_") for index in range(job_count)]
        jobs = (
            insert(JOBS)
            .from_select(list(job_columns), union_all(*rows) if job_count > 1 else rows[0])
            .returning(JOBS.c.id)
            .cte("jobs")
        )
        columns.append(select(func.array_agg(aggregate_order_by(jobs.c.id, jobs.c.id))).scalar_subquery())
    if stay:
        counted = _stay_count(moved)
        columns.append(select(func.count()).select_from(counted).scalar_subquery())
    return Prebuilt(select(*columns))


def _stay_count(moved):
    """The upsert of ``stay_counts.count_stay`` (stays + 1), for the row the UPDATE moved (none when stale)."""
    names = ("programme_code", "country_code", "from_state", "tenths")
    values = select(*(_parameter(STAYS, name, "stay_").label(name) for name in names), literal_column("1"))
    return (
        pg_insert(STAYS)
        .from_select([*names, "stays"], values.select_from(moved))
        .on_conflict_do_update(index_elements=[STAYS.c[name] for name in names], set_={"stays": STAYS.c.stays + 1})
        .returning(STAYS.c.stays)
        .cte("stay")
    )


def _in_one_statement(step: StepWrite, connection: Connection | None = None) -> tuple[int, list[int]]:
    # On the session's connection, run on its driver's cursor (``prebuilt``): no ORM execution, no entities.
    connection = connection or db.session.connection()
    (result,) = _one_statement(step.shape).rows(connection, step.parameters())
    if result[0] is None:
        raise StaleVersion(step.application_id, step.read_version)
    return result[0], list(result[1]) if step.jobs else []
