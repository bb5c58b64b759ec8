"""Reads for the self-assessment pages: the answers of one area with the progress of every area, what still
blocks the submission, the documents, a submitted snapshot. No writes here (beyond beginning a self-assessment
that does not exist yet, when a school member opens it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from accreditation.applications.reads import EventOption, event_options
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.answers import Conflict, Workspace, workspace
from accreditation.assessment.documents import documents_of
from accreditation.assessment.errors import UnknownSnapshot
from accreditation.assessment.permissions import SELF_ASSESSMENT_GUARD
from accreditation.assessment.scoring import AreaScore, Scorecard, scorecard
from accreditation.extensions import db
from accreditation.models import Answer, Document, Snapshot, User
from workflows import Area, Framework


@dataclass(frozen=True)
class SelfAssessmentPage:
    space: Workspace
    card: Scorecard
    area: Area
    area_score: AreaScore
    answers: dict[str, Answer]
    documents_by_criterion: dict[str, list[Document]]
    submission: list[EventOption]  # the submit/resubmit events the person may fire, with what blocks them
    snapshots: list[Snapshot]
    conflicts: dict[str, Conflict] = field(default_factory=dict)
    typed: dict[str, dict[str, object]] = field(default_factory=dict)  # what the person sent, to show it again

    @property
    def framework(self) -> Framework:
        return self.space.framework

    def next_area(self) -> Area | None:
        areas = list(self.framework.areas)
        index = areas.index(self.area)
        return areas[index + 1] if index + 1 < len(areas) else None


def self_assessment_page(
    application_id: int,
    user: User,
    area_code: str | None = None,
    conflicts: list[Conflict] | None = None,
    typed: dict[str, dict[str, object]] | None = None,
) -> SelfAssessmentPage:
    space = workspace(application_id, user, start=True)
    answers = space.answers()
    card = scorecard(space.framework, {code: a.level for code, a in answers.items()}, space.programme.awards)
    area = space.framework.area(area_code) if area_code else None
    if area is None:  # the first area with an unanswered criterion, else the first
        area = next((s.area for s in card.areas if s.answered < len(s.criteria)), space.framework.areas[0])
    documents: dict[str, list[Document]] = {}
    for document in documents_of(application_id):
        for code in document.criterion_codes:
            documents.setdefault(code, []).append(document)
    submission = [
        option
        for option in event_options(space.application, space.programme, user, space.roles)
        if SELF_ASSESSMENT_GUARD in option.event.guards
    ]
    return SelfAssessmentPage(
        space=space,
        card=card,
        area=area,
        area_score=next(s for s in card.areas if s.area.code == area.code),
        answers=answers,
        documents_by_criterion=documents,
        submission=submission,
        snapshots=snapshots_of(application_id),
        conflicts={c.yours.criterion_code: c for c in conflicts or []},
        typed=typed or {},
    )


def snapshots_of(application_id: int) -> list[Snapshot]:
    return list(
        db.session.scalars(
            select(Snapshot).where(Snapshot.application_id == application_id).order_by(Snapshot.round)
        ).all()
    )


@dataclass(frozen=True)
class SnapshotPage:
    space: Workspace
    snapshot: Snapshot
    framework: Framework
    card: Scorecard


def snapshot_page(application_id: int, user: User, round_number: int) -> SnapshotPage:
    space = workspace(application_id, user)
    snapshot = db.session.scalar(
        select(Snapshot).where(Snapshot.application_id == application_id, Snapshot.round == round_number)
    )
    if snapshot is None:
        raise UnknownSnapshot(round_number)
    framework = current_workflows().frameworks.get(snapshot.framework_code, snapshot.framework_version)
    levels = {answer.criterion_code: answer.level for answer in snapshot.answers}
    return SnapshotPage(space, snapshot, framework, scorecard(framework, levels, space.programme.awards))
