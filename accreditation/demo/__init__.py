"""The demo pilot: six countries with their real regions, about sixty schools, one user per role, and applications
at every stage in the home school's region (``accreditation.demo.applications``).

Loading is idempotent: schools are matched by national identifier (through the CSV import's own code), users by
e-mail, applications by school and programme, so running it again changes nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from accreditation.accounts.users import create_user, find_user_by_email
from accreditation.demo.applications import HOME, PEERS, load_application
from accreditation.demo.quality import load_calibration
from accreditation.extensions import db
from accreditation.geography import load_geography
from accreditation.imports.schools_csv import apply_plan, read_plan
from accreditation.models import School
from accreditation.models.school import Verification

SCHOOLS_FILE = Path(__file__).resolve().parent / "schools.csv"
DEFAULT_PASSWORD = "safer internet day"
HOME_SCHOOL = ("MD", HOME.national_id)  # the school of the demo school admin and staff member
COORDINATOR = "coordinator@demo.example.org"
ASSESSOR = "assessor@demo.example.org"
SECOND_ASSESSOR = "assessor2@demo.example.org"
HOME_HEAD = "head@demo.example.org"
# The heads of the home school's peers, whose applications are further along (national identifier, e-mail, name).
PEER_HEADS = {
    "MD-CU-0102": ("head.asachi@demo.example.org", "Ion Rusu"),
    "MD-CU-0103": ("head.gimnaziul45@demo.example.org", "Maria Ciobanu"),
    "MD-CU-0104": ("head.primara3@demo.example.org", "Doina Lungu"),
    "MD-CU-0105": ("head.pushkin@demo.example.org", "Sergei Morozov"),
}


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: str
    scope: str
    created: bool


@dataclass(frozen=True)
class DemoResult:
    schools_created: int
    users: list[DemoUser]
    applications_created: int = 0


def _pending_ids() -> set[str]:
    with open(SCHOOLS_FILE, encoding="utf-8", newline="") as file:
        return {row["national_id"] for row in csv.DictReader(file) if row["verification"] == "pending"}


def load_demo(password: str = DEFAULT_PASSWORD) -> DemoResult:
    """Load geography, schools, users and the applications of the home school's region. Flushes only; the caller
    commits."""
    load_geography()
    plan = read_plan(SCHOOLS_FILE)
    if plan.problems:  # the shipped file is checked by the tests; this guards local edits
        raise ValueError("; ".join(str(p) for p in plan.problems))
    result = apply_plan(plan.rows)
    schools = {
        school.national_id: school
        for school in db.session.scalars(select(School).where(School.country_code == HOME_SCHOOL[0]))
    }
    if result.created:
        pending = _pending_ids()
        for school in db.session.scalars(select(School).where(School.national_id.in_(pending))):
            if school.verified_by_id is None:
                school.verification = Verification.PENDING.value
                school.verified_at = None
                school.verification_note = ""

    home = schools[HOME_SCHOOL[1]]
    specs = [
        ("admin@demo.example.org", "Ada Admin", "admin", {}, "everything"),
        (COORDINATOR, "Mira Coordinator", "coordinator", {"countries": ["MD", "UA"]}, "MD, UA"),
        ("coordinator.lviv@demo.example.org", "Oksana Coordinator", "coordinator", {"regions": ["UA-46"]}, "UA-46"),
        (
            ASSESSOR,
            "Andrei Assessor",
            "assessor",
            {"countries": ["MD", "UA"], "languages": ["ro", "ru", "uk"]},
            "MD, UA · ro, ru, uk",
        ),
        (
            SECOND_ASSESSOR,
            "Irina Assessor",
            "assessor",
            {"countries": ["MD", "UA"], "languages": ["ro", "ru"]},
            "MD, UA · ro, ru",
        ),
        (HOME_HEAD, "Elena Head", "school-admin", {"school_id": home.id}, home.name),
        ("teacher@demo.example.org", "Victor Teacher", "school-staff", {"school_id": home.id}, home.name),
    ]
    for national_id, (email, name) in PEER_HEADS.items():
        peer = schools[national_id]
        specs.append((email, name, "school-admin", {"school_id": peer.id}, peer.name))
    users = []
    for email, name, role, scope, described in specs:
        created = find_user_by_email(email) is None
        if created:
            create_user(email, name, role, password, **scope)
        users.append(DemoUser(email, name, role, described, created))
    db.session.flush()

    coordinator, assessor = find_user_by_email(COORDINATOR), find_user_by_email(ASSESSOR)
    heads = {HOME.national_id: HOME_HEAD} | {national_id: email for national_id, (email, _) in PEER_HEADS.items()}
    applications = 0
    for plan in [HOME, *PEERS]:
        head = find_user_by_email(heads[plan.national_id])
        applications += load_application(plan, schools[plan.national_id], head, coordinator, assessor)
    load_calibration(coordinator, [assessor, find_user_by_email(SECOND_ASSESSOR)])
    db.session.flush()
    return DemoResult(result.created, users, applications)
