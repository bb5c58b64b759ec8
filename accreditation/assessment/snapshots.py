"""Freezing a self-assessment when it is submitted: the ``snapshot_self_assessment`` entry action, run inside
``fire()``'s transaction (not through the outbox), so the snapshot and the state change commit together and no
edit can slip in between. Each submission is a new round; earlier rounds stay as they were (the tables are
append-only)."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from accreditation.applications.runtime import current_workflows
from accreditation.applications.writes import WrittenRecord
from accreditation.assessment.scoring import share_at_benchmark
from accreditation.extensions import db
from accreditation.joints import Joints
from accreditation.models import (
    Application,
    Document,
    SelfAssessment,
    Snapshot,
    SnapshotAnswer,
    SnapshotDocument,
)

log = logging.getLogger(__name__)


def take_snapshot(application: Application, record: WrittenRecord) -> Snapshot | None:
    """Freeze the application's self-assessment and the latest version of each of its documents as the next
    round; None (and a log line) when there is no self-assessment to freeze."""
    self_assessment = db.session.scalar(select(SelfAssessment).where(SelfAssessment.application_id == application.id))
    if self_assessment is None:
        log.warning("application %s: submitted without a self-assessment; no snapshot taken", application.id)
        return None
    framework = current_workflows().frameworks.get(self_assessment.framework_code, self_assessment.framework_version)
    answers = {answer.criterion_code: answer for answer in self_assessment.answers}
    levels = {code: answer.level for code, answer in answers.items()}
    last_round = db.session.scalar(select(func.max(Snapshot.round)).where(Snapshot.application_id == application.id))
    snapshot = Snapshot(
        application_id=application.id,
        round=(last_round or 0) + 1,
        framework_code=framework.code,
        framework_version=framework.version,
        record_version=record.version,
        share_at_benchmark=share_at_benchmark(framework, levels),
        submitted_at=record.at,
        submitted_by_id=record.actor_id,
    )
    db.session.add(snapshot)
    db.session.flush()
    db.session.add_all(
        SnapshotAnswer(
            snapshot_id=snapshot.id,
            criterion_code=criterion.code,
            area_code=criterion.area,
            level=answers[criterion.code].level if criterion.code in answers else None,
            benchmark=criterion.benchmark,
            commentary=answers[criterion.code].commentary if criterion.code in answers else "",
        )
        for criterion in framework.criteria
    )
    documents = db.session.scalars(select(Document).where(Document.application_id == application.id)).all()
    db.session.add_all(
        SnapshotDocument(
            snapshot_id=snapshot.id,
            document_file_id=document.latest.id,
            kind=document.kind,
            title=document.title,
            sha256=document.latest.sha256,
            criterion_codes=document.criterion_codes,
        )
        for document in documents
        if document.latest is not None
    )
    db.session.flush()
    return snapshot


def latest_snapshot(application_id: int) -> Snapshot | None:
    return db.session.scalar(
        select(Snapshot).where(Snapshot.application_id == application_id).order_by(Snapshot.round.desc()).limit(1)
    )


def register(joints: Joints) -> None:
    """snapshot_self_assessment: run inside fire()'s transaction, so the frozen answers commit with the submission."""
    joints.in_transaction["snapshot_self_assessment"] = take_snapshot
