"""The yearly health check between the award and the renewal: the calendar's duties of the year, the training
thresholds, and the criteria whose level the school says dropped since its award. Its standing decides the
renewal's route: a desk review for a school in good standing when the programme says so, else a full review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.applications.errors import ApplicationError
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application, ComplianceDuty, HealthCheck, School, Snapshot, User
from accreditation.training.coverage import ThresholdEvidence, months_before, threshold_evidence
from accreditation.training.register import require_admin
from workflows.between_awards import HealthCheck as HealthCheckRule

DESK_REVIEW = "desk_review"
FULL_REVIEW = "full_review"


class HealthCheckError(ApplicationError):
    status = 409


def rule_of(application: Application) -> HealthCheckRule | None:
    programme = current_workflows().programmes.get(application.programme_code)
    section = programme.definition.between_awards if programme else None
    return section.health_check if section else None


def awarded_application(school: School) -> Application | None:
    """The school's latest awarded application of a programme with a health check."""
    query = (
        select(Application)
        .where(Application.school_id == school.id, Application.awarded_at.is_not(None))
        .order_by(Application.awarded_at.desc())
    )
    return next((app for app in db.session.scalars(query) if rule_of(app) is not None), None)


def period_of(application: Application, rule: HealthCheckRule, today: date) -> int:
    """Which check is due: 1 in the first ``every_months`` after the award, 2 in the next…"""
    awarded = application.awarded_at.date()
    period = 1
    while months_before(today, rule.every_months * period) >= awarded:
        period += 1
    return period


@dataclass(frozen=True)
class Facts:
    """What the register and the calendar say for the check (before the school re-confirms its levels)."""

    duties_done: int
    duties_due: int
    overdue: list[ComplianceDuty]
    thresholds: list[ThresholdEvidence]
    levels: dict[str, int]  # the level claimed per criterion in the awarded self-assessment

    @property
    def training_met(self) -> bool:
        return all(item.met for item in self.thresholds)


def facts(application: Application, today: date) -> Facts:
    year_ago = months_before(today, 12)
    rows = list(
        db.session.scalars(
            select(ComplianceDuty).where(
                ComplianceDuty.school_id == application.school_id,
                ComplianceDuty.due_on > year_ago,
                ComplianceDuty.due_on <= today,
            )
        )
    )
    programme = current_workflows().programmes[application.programme_code]
    training = programme.definition.between_awards.training if programme.definition.between_awards else None
    thresholds = [
        evidence
        for item in (training.thresholds if training else ())
        if (evidence := threshold_evidence(application, item.criterion, today)) is not None
    ]
    snapshot = db.session.scalars(
        select(Snapshot).where(Snapshot.application_id == application.id).order_by(Snapshot.round.desc()).limit(1)
    ).first()
    levels = {answer.criterion_code: answer.level for answer in snapshot.answers if answer.level} if snapshot else {}
    done = [row for row in rows if row.done_on is not None]
    return Facts(len(done), len(rows), [row for row in rows if row.done_on is None], thresholds, levels)


def latest_check(application: Application) -> HealthCheck | None:
    query = select(HealthCheck).where(HealthCheck.application_id == application.id)
    return db.session.scalars(query.order_by(HealthCheck.period.desc()).limit(1)).first()


def submit_check(
    actor: User, school: School, dropped: list[str], note: str, today: date, now: datetime | None = None
) -> HealthCheck:
    """Record this year's check of the school's awarded application (its admins, once per period)."""
    require_admin(actor, school)
    application = awarded_application(school)
    if application is None:
        raise HealthCheckError(_("The yearly health check starts after the school's award."))
    rule = rule_of(application)
    period = period_of(application, rule, today)
    if db.session.scalar(
        select(HealthCheck.id).where(HealthCheck.application_id == application.id, HealthCheck.period == period)
    ):
        raise HealthCheckError(_("This year's health check is done already."))
    found = facts(application, today)
    dropped = [code for code in dropped if code in found.levels]
    check = HealthCheck(
        application_id=application.id,
        school_id=school.id,
        period=period,
        duties_done=found.duties_done,
        duties_due=found.duties_due,
        training_met=found.training_met,
        dropped_criteria=",".join(dropped),
        note=note.strip()[:5000],
        good_standing=not found.overdue and found.training_met and not dropped,
        submitted_by_id=actor.id,
    )
    if now is not None:
        check.submitted_at = now
    db.session.add(check)
    db.session.flush()
    return check


def renewal_route(application: Application) -> str:
    """How the application's renewal goes: a desk review when the programme allows it and the latest health check
    found the school in good standing, else a full review."""
    rule = rule_of(application)
    check = latest_check(application)
    if rule and rule.desk_review_renewal and check is not None and check.good_standing:
        return DESK_REVIEW
    return FULL_REVIEW
