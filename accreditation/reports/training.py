"""The yearly report's training coverage: the people the schools of the registry recorded as trained, by staff role,
within the programme's training window ending on the last day of the year, against the staff the schools declared.

Each school's coverage is ``training.coverage.coverages``'s (the register's rule: a person counts once per role, a
school's trained count at most its declared number); this module only adds the schools up and applies the rule for
small numbers: a role's trained people are shown when at least the threshold of schools recorded them, its declared
staff and share when at least the threshold of schools declared them, every figure with its number of schools."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import format_date, format_percent, ngettext
from flask_babel import gettext as _
from sqlalchemy import Select, select

from accreditation.dashboard.small_numbers import shown
from accreditation.i18n import local_number
from accreditation.models import School
from accreditation.models.school import Verification
from accreditation.models.yearly_report import YearlyReport
from accreditation.training.coverage import coverages, months_before
from accreditation.training.register import ROLE_TITLES, training_of
from workflows import Programme
from workflows.between_awards import STAFF_ROLES


@dataclass(frozen=True)
class RoleTotal:
    """One staff role added up over the schools."""

    role: str
    trained: int = 0  # people trained within the window
    schools_trained: int = 0  # schools that recorded at least one of them
    declared: int = 0  # people of the role the schools declared (schools that declared a number above 0)
    schools_declared: int = 0
    counted: int = 0  # the trained people of the declaring schools, each school's at most its declared number

    @property
    def share(self) -> float | None:
        return self.counted / self.declared if self.declared else None


@dataclass(frozen=True)
class TrainingSection:
    """What the report says about training: its sentences, and its table (empty when no school recorded one)."""

    lines: list[str]
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    method: str = ""


def registry_schools(row: YearlyReport) -> Select:
    """The ids of the schools of the report's place in the registry at the end of its year (not rejected), as the
    regional index counts them."""
    end = datetime(row.year + 1, 1, 1, tzinfo=UTC)
    query = select(School.id).where(
        School.country_code == row.country_code,
        School.verification != Verification.REJECTED.value,
        School.created_at < end,
    )
    return query.where(School.region_code == row.region_code) if row.region_code else query


def role_totals(row: YearlyReport, programme: Programme) -> tuple[date, int, dict[str, RoleTotal], int]:
    """The window's first day, its months, the totals per role, and the schools that recorded any training."""
    training = training_of(programme)
    until = date(row.year, 12, 31)
    found = coverages(registry_schools(row), training, until)
    totals = {role: RoleTotal(role) for role in STAFF_ROLES}
    recording = 0
    for school in found.values():
        recording += any(item.trained for item in school.roles.values())
        for role, item in school.roles.items():
            total = totals[role]
            totals[role] = RoleTotal(
                role,
                total.trained + item.trained,
                total.schools_trained + (item.trained > 0),
                total.declared + (item.people or 0),
                total.schools_declared + bool(item.people),
                total.counted + item.counted,
            )
    return months_before(until, training.window_months), training.window_months, totals, recording


def _fewer(threshold: int) -> str:
    return ngettext("fewer than %(num)s school", "fewer than %(num)s schools", threshold)


def _schools(number: int) -> str:
    return ngettext("%(num)s school", "%(num)s schools", number)


def _row(total: RoleTotal, threshold: int) -> list[str]:
    schools_trained = shown(total.schools_trained, threshold)
    schools_declared = shown(total.schools_declared, threshold)
    trained = _("hidden") if schools_trained is None else local_number(total.trained)
    if schools_declared is None:
        declared, share = _fewer(threshold), "–"
    elif not total.declared:  # no school declared the role
        declared, share = "–", "–"
    else:
        declared = f"{local_number(total.declared)} ({_schools(schools_declared)})"
        share = format_percent(total.share)
    recorded = _fewer(threshold) if schools_trained is None else _schools(schools_trained)
    return [str(ROLE_TITLES[total.role]), trained, recorded, declared, share]


def training_section(row: YearlyReport, programme: Programme, threshold: int) -> TrainingSection:
    """The report's training coverage for ``row``'s place and year, in the current language."""
    since, months, totals, recording = role_totals(row, programme)
    until = date(row.year, 12, 31)
    window = ngettext(
        "Trained between %(since)s and %(until)s (the programme's window of %(num)s month).",
        "Trained between %(since)s and %(until)s (the programme's window of %(num)s months).",
        months,
        since=format_date(since, "long"),
        until=format_date(until, "long"),
    )
    method = _(
        "Training coverage: the people each school of the registry recorded in its training register as trained "
        "within the programme's window ending on 31 December %(year)s, counted once per person and staff role (a "
        "member by their account, anyone else by their name); against the people the schools declared in each role, "
        "where they declared them, a school's trained people counted at most up to its declared number. A role's "
        "trained people are shown when at least %(num)s schools recorded them, its declared staff and share when at "
        "least %(num)s schools declared them.",
        year=row.year,
        num=threshold,
    )
    if not recording:
        return TrainingSection(
            [window, _("No school of the registry recorded a training in this window.")], method=method
        )
    recorded = shown(recording, threshold)
    lines = [
        window,
        _(
            "Schools of the registry that recorded at least one training: %(schools)s.",
            schools=_("fewer than %(num)s", num=threshold) if recorded is None else local_number(recorded),
        ),
    ]
    header = [
        _("Staff role"),
        _("People trained"),
        _("Schools that recorded them"),
        _("Staff declared"),
        _("Share of it trained"),
    ]
    return TrainingSection(lines, header, [_row(totals[role], threshold) for role in STAFF_ROLES], method)
