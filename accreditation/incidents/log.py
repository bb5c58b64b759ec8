"""The incident log's operations (the school's admins only): record an incident, change it, list them, and the
school's trends. They flush and never commit; a wrong field raises IncidentError with every problem."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from accreditation.applications.errors import ApplicationError
from accreditation.extensions import db
from accreditation.models import Incident, School, User
from accreditation.training.coverage import months_before
from accreditation.training.register import programme_for, require_admin
from workflows.between_awards import INVOLVED_ROLES, Incidents

INVOLVED_TITLES = {
    "pupil": _l("Pupils"),
    "staff": _l("Staff"),
    "parent": _l("Parents or carers"),
    "other": _l("Someone else"),
}
assert set(INVOLVED_TITLES) == set(INVOLVED_ROLES)
TEXT_LIMIT = 5000


class IncidentError(ApplicationError):
    status = 422


class NoSuchIncident(ApplicationError):
    status = 404

    def __init__(self) -> None:
        super().__init__(_("This incident is not in the school's log."))


def incidents_of_programme(school: School) -> Incidents:
    """The categories and referral routes that apply to ``school`` (none when no programme has an incident log)."""
    programme = programme_for(school, "incidents")
    section = programme.definition.between_awards if programme else None
    return (section.incidents if section else None) or Incidents()


@dataclass(frozen=True)
class IncidentInput:
    category: str
    occurred_on: date
    involved: tuple[str, ...] = ()
    description: str = ""
    action_taken: str = ""
    referral: str | None = None


def _check(school: School, entry: IncidentInput, today: date) -> list[str]:
    log = incidents_of_programme(school)
    problems = []
    if log.category(entry.category) is None:
        problems.append(_("Choose the incident's category from the list."))
    if entry.occurred_on > today:
        problems.append(_("The incident's date is in the future."))
    if any(role not in INVOLVED_ROLES for role in entry.involved):
        problems.append(_("Say who was involved by role only: pupils, staff, parents or someone else."))
    if entry.referral and log.route(school.country_code, entry.referral) is None:
        problems.append(_("Choose the referral from the list of your country's routes."))
    if len(entry.description) > TEXT_LIMIT or len(entry.action_taken) > TEXT_LIMIT:
        problems.append(_("The description and the action have at most 5,000 characters each."))
    return problems


def _write(incident: Incident, entry: IncidentInput) -> None:
    incident.category = entry.category
    incident.occurred_on = entry.occurred_on
    incident.involved = ",".join(role for role in INVOLVED_ROLES if role in entry.involved)
    incident.description = entry.description.strip()
    incident.action_taken = entry.action_taken.strip()
    incident.referral = entry.referral or None


def record_incident(actor: User, school: School, entry: IncidentInput, today: date) -> Incident:
    require_admin(actor, school)
    problems = _check(school, entry, today)
    if problems:
        raise IncidentError(problems[0], problems)
    incident = Incident(school_id=school.id, created_by_id=actor.id)
    _write(incident, entry)
    db.session.add(incident)
    db.session.flush()
    return incident


def get_incident(actor: User, school: School, incident_id: int) -> Incident:
    require_admin(actor, school)
    incident = db.session.get(Incident, incident_id)
    if incident is None or incident.school_id != school.id:
        raise NoSuchIncident()
    return incident


def update_incident(actor: User, school: School, incident_id: int, entry: IncidentInput, today: date) -> Incident:
    incident = get_incident(actor, school, incident_id)
    problems = _check(school, entry, today)
    if problems:
        raise IncidentError(problems[0], problems)
    _write(incident, entry)
    db.session.flush()
    return incident


def incidents_of(actor: User, school: School) -> list[Incident]:
    require_admin(actor, school)
    query = select(Incident).where(Incident.school_id == school.id)
    return list(db.session.scalars(query.order_by(Incident.occurred_on.desc(), Incident.id.desc())))


@dataclass(frozen=True)
class Trend:
    category: str
    last_year: int  # the last 12 months
    year_before: int  # the 12 months before


def trends(actor: User, school: School, today: date) -> list[Trend]:
    """Per category of the log, the incidents of the last 12 months and of the 12 before."""
    require_admin(actor, school)
    year_ago, two_years_ago = months_before(today, 12), months_before(today, 24)
    is_recent = (Incident.occurred_on >= year_ago).label("is_recent")
    rows = db.session.execute(
        select(Incident.category, is_recent, func.count())
        .where(Incident.school_id == school.id, Incident.occurred_on >= two_years_ago, Incident.occurred_on <= today)
        .group_by(Incident.category, is_recent)
    ).all()
    recent, before = Counter(), Counter()
    for category, in_last_year, count in rows:
        (recent if in_last_year else before)[category] += count
    return [
        Trend(item.code, recent[item.code], before[item.code]) for item in incidents_of_programme(school).categories
    ]
