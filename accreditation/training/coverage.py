"""Training coverage: the share of a school's people in each staff role trained within the programme's window,
and a criterion's threshold read as evidence computed from the register (shown in the self-assessment and to the
assessor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application, School, TrainingRecord
from accreditation.training.register import ROLE_TITLES, programme_for, staff_counts, training_of
from workflows.between_awards import STAFF_ROLES, CoverageThreshold, Training


def months_before(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class RoleCoverage:
    role: str
    trained: int  # distinct people of the role trained within the window
    people: int | None  # as the school declared; None: not declared

    @property
    def title(self) -> str:
        return str(ROLE_TITLES[self.role])

    @property
    def share(self) -> float | None:
        """Trained over declared (at most 1); None while the number of people is not declared (or is 0)."""
        if not self.people:
            return None
        return min(1.0, self.trained / self.people)


@dataclass(frozen=True)
class Coverage:
    since: date
    window_months: int
    roles: dict[str, RoleCoverage]


def coverage(school: School, training: Training, today: date) -> Coverage:
    """The school's coverage per staff role over ``training``'s window ending ``today``."""
    since = months_before(today, training.window_months)
    rows = db.session.execute(
        select(TrainingRecord.staff_role, TrainingRecord.user_id, TrainingRecord.person_name).where(
            TrainingRecord.school_id == school.id,
            TrainingRecord.completed_on >= since,
            TrainingRecord.completed_on <= today,
        )
    ).all()
    people: dict[str, set[str]] = {role: set() for role in STAFF_ROLES}
    for role, user_id, name in rows:
        people[role].add(f"user:{user_id}" if user_id else "name:" + " ".join(name.casefold().split()))
    declared = staff_counts(school)
    roles = {role: RoleCoverage(role, len(people[role]), declared.get(role)) for role in STAFF_ROLES}
    return Coverage(since, training.window_months, roles)


def school_coverage(school: School, today: date) -> Coverage:
    return coverage(school, training_of(programme_for(school)), today)


@dataclass(frozen=True)
class ThresholdEvidence:
    """A criterion's threshold and where the register stands against it."""

    threshold: CoverageThreshold
    role: RoleCoverage
    since: date
    window_months: int

    @property
    def met(self) -> bool:
        share = self.role.share
        return share is not None and share >= self.threshold.share

    @property
    def undeclared(self) -> bool:
        return not self.role.people


def threshold_evidence(application: Application, criterion_code: str, today: date) -> ThresholdEvidence | None:
    """The evidence the register gives for ``criterion_code`` of ``application``'s programme; None when the
    programme sets no threshold on it."""
    programme = current_workflows().programmes.get(application.programme_code)
    training = training_of(programme)
    threshold = training.threshold(criterion_code)
    if threshold is None:
        return None
    found = coverage(application.school, training, today)
    return ThresholdEvidence(threshold, found.roles[threshold.role], found.since, found.window_months)
