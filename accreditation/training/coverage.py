"""Training coverage: the share of a school's people in each staff role trained within the programme's window,
and a criterion's threshold read as evidence computed from the register (shown in the self-assessment and to the
assessor)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application, School, StaffCount, TrainingRecord
from accreditation.models.training import person_key
from accreditation.training.register import ROLE_TITLES, programme_for, training_of
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
    def counted(self) -> int:
        """The trained people the share counts: at most the number declared (0 while none is declared)."""
        return min(self.trained, self.people) if self.people else 0

    @property
    def share(self) -> float | None:
        """Trained over declared (at most 1); None while the number of people is not declared (or is 0)."""
        if not self.people:
            return None
        return self.counted / self.people


@dataclass(frozen=True)
class Coverage:
    since: date
    window_months: int
    roles: dict[str, RoleCoverage]


def coverage(school: School, training: Training, today: date) -> Coverage:
    """The school's coverage per staff role over ``training``'s window ending ``today``."""
    found = coverages([school.id], training, today)
    return found.get(school.id) or Coverage(
        months_before(today, training.window_months),
        training.window_months,
        {role: RoleCoverage(role, 0, None) for role in STAFF_ROLES},
    )


def coverages(schools: Select | Sequence[int], training: Training, today: date) -> dict[int, Coverage]:
    """The coverage of each of ``schools`` (ids, or a statement selecting them) that recorded a training in the
    window or declared its staff, by school id; the others have none. Two statements, whatever the number of
    schools (the yearly report reads a whole country). A person counts once per role: ``person_key``."""
    since = months_before(today, training.window_months)
    rows = db.session.execute(
        select(TrainingRecord.school_id, TrainingRecord.staff_role, TrainingRecord.user_id, TrainingRecord.person_name)
        .where(
            TrainingRecord.school_id.in_(schools),
            TrainingRecord.completed_on >= since,
            TrainingRecord.completed_on <= today,
        )
        .execution_options(yield_per=10_000)
    )
    people: dict[int, dict[str, set[str]]] = {}
    for school_id, role, user_id, name in rows:
        people.setdefault(school_id, {role: set() for role in STAFF_ROLES})[role].add(person_key(user_id, name))
    declared: dict[int, dict[str, int]] = {}
    for school_id, role, number in db.session.execute(
        select(StaffCount.school_id, StaffCount.staff_role, StaffCount.people).where(StaffCount.school_id.in_(schools))
    ):
        declared.setdefault(school_id, {})[role] = number
    result = {}
    for school_id in people.keys() | declared.keys():
        trained, staff = people.get(school_id, {}), declared.get(school_id, {})
        roles = {role: RoleCoverage(role, len(trained.get(role, ())), staff.get(role)) for role in STAFF_ROLES}
        result[school_id] = Coverage(since, training.window_months, roles)
    return result


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
