"""The between-awards part of a school's data export: its training register (with the certificates' files), staff
numbers, incident log, compliance calendar (with the ticks' documents) and yearly health checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select

from accreditation.extensions import db
from accreditation.models import ComplianceDuty, HealthCheck, Incident, School, StaffCount, TrainingRecord


def _row(obj: Any, leave_out: tuple[str, ...] = ("school_id", "file_key")) -> dict[str, Any]:
    values = {}
    for column in inspect(obj).mapper.column_attrs:
        if column.key in leave_out:
            continue
        value = getattr(obj, column.key)
        values[column.key] = value.isoformat() if isinstance(value, datetime | date) else value
    return values


def _rows(model, school: School) -> list:
    return list(db.session.scalars(select(model).where(model.school_id == school.id).order_by(model.id)))


def between_awards_export(school: School, files: list[tuple[str, str]]) -> dict[str, Any]:
    """The section of ``school.json``; each stored file is added to ``files`` as (path in the archive, key)."""
    training = []
    for record in _rows(TrainingRecord, school):
        row = _row(record)
        if record.file_key:
            row["file"] = f"training/{record.id}-{record.file_name or 'certificate'}"
            files.append((row["file"], record.file_key))
        training.append(row)
    duties = []
    for duty in _rows(ComplianceDuty, school):
        row = _row(duty)
        if duty.file_key:
            row["file"] = f"calendar/{duty.id}-{duty.file_name or 'document'}"
            files.append((row["file"], duty.file_key))
        duties.append(row)
    return {
        "training": training,
        "staff_counts": {count.staff_role: count.people for count in _rows(StaffCount, school)},
        "incidents": [_row(incident) for incident in _rows(Incident, school)],
        "calendar": duties,
        "health_checks": [_row(check) for check in _rows(HealthCheck, school)],
    }
