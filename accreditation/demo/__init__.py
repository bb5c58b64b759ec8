"""The demo pilot: six countries with their real regions, about sixty schools and one user per role.

Loading is idempotent: schools are matched by national identifier (through the CSV import's own code), users by
e-mail, so running it again changes nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from accreditation.accounts.users import create_user, find_user_by_email
from accreditation.extensions import db
from accreditation.geography import load_geography
from accreditation.imports.schools_csv import apply_plan, read_plan
from accreditation.models import School
from accreditation.models.school import Verification

SCHOOLS_FILE = Path(__file__).resolve().parent / "schools.csv"
DEFAULT_PASSWORD = "safer internet day"
HOME_SCHOOL = ("MD", "MD-CU-0101")  # the school of the demo school admin and staff member


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


def _pending_ids() -> set[str]:
    with open(SCHOOLS_FILE, encoding="utf-8", newline="") as file:
        return {row["national_id"] for row in csv.DictReader(file) if row["verification"] == "pending"}


def load_demo(password: str = DEFAULT_PASSWORD) -> DemoResult:
    """Load geography, schools and users. Flushes only; the caller commits."""
    load_geography()
    plan = read_plan(SCHOOLS_FILE)
    if plan.problems:  # the shipped file is checked by the tests; this guards local edits
        raise ValueError("; ".join(str(p) for p in plan.problems))
    result = apply_plan(plan.rows)
    if result.created:
        pending = _pending_ids()
        for school in db.session.scalars(select(School).where(School.national_id.in_(pending))):
            if school.verified_by_id is None:
                school.verification = Verification.PENDING.value
                school.verified_at = None
                school.verification_note = ""

    home = db.session.scalar(
        select(School).where(School.country_code == HOME_SCHOOL[0], School.national_id == HOME_SCHOOL[1])
    )
    specs = [
        ("admin@demo.example.org", "Ada Admin", "admin", {}, "everything"),
        ("coordinator@demo.example.org", "Mira Coordinator", "coordinator", {"countries": ["MD", "UA"]}, "MD, UA"),
        ("coordinator.lviv@demo.example.org", "Oksana Coordinator", "coordinator", {"regions": ["UA-46"]}, "UA-46"),
        (
            "assessor@demo.example.org",
            "Andrei Assessor",
            "assessor",
            {"countries": ["MD", "UA"], "languages": ["ro", "ru", "uk"]},
            "MD, UA · ro, ru, uk",
        ),
        ("head@demo.example.org", "Elena Head", "school-admin", {"school_id": home.id}, home.name),
        ("teacher@demo.example.org", "Victor Teacher", "school-staff", {"school_id": home.id}, home.name),
    ]
    users = []
    for email, name, role, scope, described in specs:
        created = find_user_by_email(email) is None
        if created:
            create_user(email, name, role, password, **scope)
        users.append(DemoUser(email, name, role, described, created))
    db.session.flush()
    return DemoResult(result.created, users)
