"""The survey results in the submitted snapshot, and the guard a programme names to require a survey.

``snapshot_survey_results`` runs inside ``fire()``'s transaction after ``snapshot_self_assessment`` (programme
files list it after it): the community's view of the last 12 months, as could be shown then, is frozen beside the
submitted answers, so the assessor reviews what the school saw when it sent.

``survey_requirement_met`` passes unless the programme's instrument ``requires`` a survey (e.g. pupils, at least
30 responses in the last 12 months) that the school has not run; a programme file names it among the guards of its
submit event to make the survey a condition of submission.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from accreditation.applications.writes import WrittenRecord
from accreditation.assessment.snapshots import latest_snapshot
from accreditation.extensions import db
from accreditation.joints import Joints
from accreditation.models import Application, SurveySnapshotResult
from accreditation.surveys.instruments import instrument_of
from accreditation.surveys.results import responses_in, school_results
from workflows import Registry

SNAPSHOT_ACTION = "snapshot_survey_results"
REQUIREMENT_GUARD = "survey_requirement_met"


def take_survey_snapshot(application: Application, record: WrittenRecord) -> None:
    """Freeze the school's survey results beside the round just frozen (nothing when there is no survey)."""
    snapshot = latest_snapshot(application.id)
    if snapshot is None or snapshot.record_version != record.version:
        return
    results = school_results(application.school_id, application.programme_code)
    if results is None:
        return
    rows = []
    for audience in results.audiences:
        rows.append(
            SurveySnapshotResult(
                snapshot_id=snapshot.id,
                audience=audience.audience,
                criterion_code="",
                responses=audience.responses,
                mean=None,
            )
        )
        for code, view in audience.criteria.items():
            rows.append(
                SurveySnapshotResult(
                    snapshot_id=snapshot.id,
                    audience=audience.audience,
                    criterion_code=code,
                    responses=view.answers,
                    mean=view.mean,
                )
            )
    db.session.add_all(rows)
    db.session.flush()


@dataclass(frozen=True)
class FrozenView:
    audience: str
    title: str
    responses: int | None
    mean: float | None


@dataclass(frozen=True)
class RequirementStatus:
    audience_group: str
    needed: int
    months: int
    responses: int

    @property
    def met(self) -> bool:
        return self.responses >= self.needed


def requirement_status(school_id: int, programme: str) -> RequirementStatus | None:
    """Where the school stands against the programme's survey requirement (None: the programme sets none)."""
    instrument = instrument_of(programme)
    requirement = instrument.requirement if instrument else None
    if requirement is None:
        return None
    count = responses_in(school_id, programme, requirement.audiences, requirement.months)
    return RequirementStatus(requirement.group, requirement.min_responses, requirement.months, count)


def survey_requirement_met(context) -> list[str]:
    """The guard: a reason when the programme requires a survey the school has not completed."""
    status = requirement_status(context.application.school_id, context.application.programme_code)
    if status is None or status.met:
        return []
    groups = {"pupils": _("pupils"), "parents": _("parents"), "staff": _("staff")}
    return [
        _(
            "The programme asks for a survey of %(group)s with at least %(needed)s answers in the last %(months)s "
            "months; your school has %(count)s.",
            group=groups[status.audience_group],
            needed=status.needed,
            months=status.months,
            count=status.responses,
        )
    ]


def register_guard(registry: Registry) -> None:
    registry.guard(REQUIREMENT_GUARD)(survey_requirement_met)


def register(joints: Joints) -> None:
    joints.in_transaction[SNAPSHOT_ACTION] = take_survey_snapshot
    joints.registrars.append(register_guard)
