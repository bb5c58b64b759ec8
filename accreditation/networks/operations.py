"""A network's operations: create one, add schools (by hand, by region, from a CSV), name leads, and its schools'
progress. Plain functions taking the acting user; they flush, never commit."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import Application, Country, Network, NetworkLead, NetworkSchool, Region, School, User
from accreditation.models.user import Role
from accreditation.networks.access import network_for
from accreditation.networks.errors import NetworkForbidden, NetworkInvalid
from accreditation.networks.lead_mail import tell_new_lead

MAX_CSV_ROWS = 5000


def _covers(user: User, school: School) -> bool:
    return user.coordinates(school.country_code, school.region_code)


def create_network(actor: User, name: str, country_code: str) -> Network:
    """A new, empty network in a country the actor coordinates (admins: any)."""
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise NetworkInvalid(_("Give the network a name of at most 200 characters."))
    if db.session.get(Country, country_code) is None:
        raise NetworkInvalid(_("There is no country with the code %(code)s.", code=country_code))
    countries, regions = actor.scope(Role.COORDINATOR)
    region_countries = set(db.session.scalars(select(Region.country_code).where(Region.code.in_(regions))))
    if not (actor.is_admin or country_code in countries or country_code in region_countries):
        raise NetworkForbidden(_("You may create networks only in the countries you coordinate."))
    network = Network(name=name, country_code=country_code, created_by_id=actor.id)
    db.session.add(network)
    db.session.flush()
    return network


def _add(network: Network, schools: list[School]) -> int:
    """Add these schools (already checked) to the network; how many were not in it yet."""
    present = set(db.session.scalars(select(NetworkSchool.school_id).where(NetworkSchool.network_id == network.id)))
    new = [s for s in schools if s.id not in present]
    db.session.add_all(NetworkSchool(network_id=network.id, school_id=s.id) for s in new)
    db.session.flush()
    return len(new)


def _check_school(actor: User, network: Network, school: School | None, label: str) -> str | None:
    """Why this school cannot join, or None."""
    if school is None:
        return _("%(school)s: there is no such school.", school=label)
    if school.country_code != network.country_code:
        return _("%(school)s: the school is in another country.", school=label)
    if not _covers(actor, school):
        return _("%(school)s: the school is outside the regions you coordinate.", school=label)
    return None


def add_schools(actor: User, network_id: int, school_ids: list[int]) -> int:
    """Add schools by hand; every one must exist, be in the network's country and in the actor's scope."""
    network = network_for(network_id, actor, manage=True)
    schools = {s.id: s for s in db.session.scalars(select(School).where(School.id.in_(school_ids)))}
    problems = [p for i in school_ids if (p := _check_school(actor, network, schools.get(i), f"#{i}"))]
    if problems:
        raise NetworkInvalid(_("No school was added."), problems)
    return _add(network, list(schools.values()))


def add_region(actor: User, network_id: int, region_code: str) -> int:
    """Add every school of a region of the network's country that the actor coordinates."""
    network = network_for(network_id, actor, manage=True)
    region = db.session.get(Region, region_code)
    if region is None or region.country_code != network.country_code:
        raise NetworkInvalid(_("There is no such region in the network's country."))
    if not actor.coordinates(region.country_code, region.code):
        raise NetworkForbidden(_("You do not coordinate this region."))
    return _add(network, list(db.session.scalars(select(School).where(School.region_code == region.code))))


@dataclass(frozen=True)
class CsvRow:
    line: int
    national_id: str
    school_id: int | None
    school_name: str
    problem: str | None


def read_csv(actor: User, network_id: int, text: str, apply: bool = False) -> list[CsvRow]:
    """The rows of a CSV of schools' national ids (a column ``national_id``, or the first column), each with the
    school found or the problem; with ``apply``, the schools found join (the others are reported, not added)."""
    network = network_for(network_id, actor, manage=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise NetworkInvalid(_("The file is empty."))
    header = [cell.strip().lower() for cell in rows[0]]
    column = header.index("national_id") if "national_id" in header else 0
    body = rows[1:] if "national_id" in header else rows
    if len(body) > MAX_CSV_ROWS:
        raise NetworkInvalid(_("The file has more than %(count)d rows.", count=MAX_CSV_ROWS))
    start = 2 if "national_id" in header else 1
    ids = [(r[column].strip() if len(r) > column else "") for r in body]
    found = {
        s.national_id: s
        for s in db.session.scalars(
            select(School).where(School.country_code == network.country_code, School.national_id.in_(set(ids)))
        )
    }
    report, seen = [], set()
    for offset, national_id in enumerate(ids):
        school = found.get(national_id)
        if not national_id:
            problem = _("The national id is empty.")
        elif national_id in seen:
            problem = _("This school is listed twice in the file.")
        elif school is None:
            problem = _("No school of the network's country has this national id.")
        else:
            problem = _check_school(actor, network, school, national_id)
        seen.add(national_id)
        report.append(
            CsvRow(start + offset, national_id, school.id if school else None, school.name if school else "", problem)
        )
    if apply:
        _add(network, [found[r.national_id] for r in report if r.problem is None])
    return report


def name_lead(actor: User, network_id: int, email: str) -> NetworkLead:
    """Grant the person with this e-mail address the lead of the network (once; they are told by e-mail)."""
    network = network_for(network_id, actor, manage=True)
    person = db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))
    if person is None or not person.active:
        raise NetworkInvalid(_("Nobody has an account with this e-mail address."))
    existing = db.session.scalar(
        select(NetworkLead).where(NetworkLead.network_id == network.id, NetworkLead.user_id == person.id)
    )
    if existing is not None:
        return existing
    lead = NetworkLead(network_id=network.id, user_id=person.id, named_by_id=actor.id)
    db.session.add(lead)
    db.session.flush()
    tell_new_lead(actor, lead)
    return lead


@dataclass(frozen=True)
class SchoolProgress:
    school_id: int
    name: str
    region_code: str
    programme: str | None
    state: str | None
    award_level: str | None


def progress(actor: User, network_id: int) -> list[SchoolProgress]:
    """Each school of the network with its latest application (programme, state, award), by name."""
    network = network_for(network_id, actor)
    latest = (
        select(Application.school_id, func.max(Application.id).label("id"))
        .join(NetworkSchool, NetworkSchool.school_id == Application.school_id)
        .where(NetworkSchool.network_id == network.id)
        .group_by(Application.school_id)
        .subquery()
    )
    rows = db.session.execute(
        select(School, Application)
        .join(NetworkSchool, NetworkSchool.school_id == School.id)
        .outerjoin(latest, latest.c.school_id == School.id)
        .outerjoin(Application, Application.id == latest.c.id)
        .where(NetworkSchool.network_id == network.id)
        .order_by(School.name, School.id)
    )
    return [
        SchoolProgress(
            s.id,
            s.name,
            s.region_code,
            a.programme_code if a else None,
            a.state if a else None,
            a.award_level if a else None,
        )
        for s, a in rows
    ]
