"""A school's data is its own: one archive with everything the system holds about the school — its details and
members, every application with its history, answers, snapshots, documents (the files themselves), action plan
ticks, reviews received and certificates — as ``school.json`` plus the files."""

from __future__ import annotations

import json
import tempfile
import zipfile
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import inspect, select

from accreditation.compliance.export import between_awards_export
from accreditation.extensions import db
from accreditation.models import (
    ActionTick,
    Application,
    Document,
    Membership,
    School,
    SelfAssessment,
    Snapshot,
    TransitionRecord,
    User,
)
from accreditation.models.time import utcnow
from accreditation.storage import copy_to
from accreditation.surveys.export import survey_export
from workflows.roles import SYSTEM

FORMAT_VERSION = 1
EXTRA_SECTIONS: dict[str, Any] = {}  # name -> fn(application) -> JSON-able (reviews, certificates: their modules)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: Any, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The columns of a model row as JSON-able values."""
    return {
        column.key: _plain(getattr(obj, column.key))
        for column in inspect(obj).mapper.column_attrs
        if column.key not in leave_out
    }


def school_data(school: School) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The archive's JSON document, and (path in the archive, storage key) of every file to include."""
    files: list[tuple[str, str]] = []
    members = db.session.execute(
        select(Membership, User).join(User, User.id == Membership.user_id).where(Membership.school_id == school.id)
    ).all()
    applications = db.session.scalars(
        select(Application).where(Application.school_id == school.id).order_by(Application.id)
    ).all()
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "exported_at": utcnow().isoformat(),
        "school": _row(school, ("verified_by_id",)),
        "members": [
            {"name": user.name, "email": user.email, "role": membership.role, "since": _plain(membership.created_at)}
            for membership, user in members
        ],
        "applications": [_application(application, files) for application in applications],
        "surveys": survey_export(school),
        "between_awards": between_awards_export(school, files),
    }
    return data, files


def _application(application: Application, files: list[tuple[str, str]]) -> dict[str, Any]:
    records = db.session.scalars(
        select(TransitionRecord)
        .where(TransitionRecord.application_id == application.id)
        .order_by(TransitionRecord.version)
    ).all()
    self_assessment = db.session.scalar(select(SelfAssessment).where(SelfAssessment.application_id == application.id))
    snapshots = db.session.scalars(
        select(Snapshot).where(Snapshot.application_id == application.id).order_by(Snapshot.round)
    ).all()
    documents = db.session.scalars(select(Document).where(Document.application_id == application.id)).all()
    ticks = db.session.scalars(select(ActionTick).where(ActionTick.application_id == application.id)).all()
    section: dict[str, Any] = {
        **_row(application),
        "history": [
            {**_row(record, ("actor_id",)), "actor": record.actor.name if record.actor else SYSTEM}
            for record in records
        ],
        "self_assessment": None,
        "snapshots": [
            {
                **_row(snapshot),
                "answers": [_row(a, ("id", "snapshot_id")) for a in snapshot.answers],
                "documents": [_row(d, ("id", "snapshot_id")) for d in snapshot.documents],
            }
            for snapshot in snapshots
        ],
        "documents": [],
        "action_plan_done": [{"action": tick.action_key, "done_at": _plain(tick.done_at)} for tick in ticks],
    }
    if self_assessment is not None:
        section["self_assessment"] = {
            **_row(self_assessment),
            "answers": [_row(a, ("id", "self_assessment_id", "updated_by_id")) for a in self_assessment.answers],
        }
    for document in documents:
        versions = []
        for version in document.files:
            archived = (
                f"files/application-{application.id}/document-{document.id}/v{version.version}-{version.filename}"
            )
            files.append((archived, version.storage_key))
            versions.append({**_row(version, ("storage_key", "uploaded_by_id")), "file": archived})
        section["documents"].append(
            {**_row(document, ("created_by_id",)), "criteria": document.criterion_codes, "versions": versions}
        )
    for name, collect in EXTRA_SECTIONS.items():
        section[name] = collect(application)
    return section


def write_archive(school: School) -> IO[bytes]:
    """The archive as a temporary file, rewound (the caller streams and closes it)."""
    data, files = school_data(school)
    archive_file = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the response, which closes it)
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("school.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for archived, key in files:
            try:
                with archive.open(archived, "w", force_zip64=True) as member:
                    copy_to(key, member)  # streamed from the store, never whole in memory
            except FileNotFoundError:
                continue  # lost from the store: the archive's JSON still lists it
    archive_file.seek(0)
    return archive_file
