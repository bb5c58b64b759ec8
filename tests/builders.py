"""Builders for test data. They flush; the fixture or the test commits."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accreditation.accounts.users import create_user
from accreditation.extensions import db
from accreditation.models import Country, Region, School

PASSWORD = "correct horse battery"


def add_geography() -> None:
    db.session.add_all(
        [
            Country(code="MD", name="Moldova"),
            Country(code="UA", name="Ukraine"),
            Region(code="MD-CU", country_code="MD", name="Chișinău"),
            Region(code="MD-BA", country_code="MD", name="Bălți"),
            Region(code="UA-30", country_code="UA", name="Kyiv"),
            Region(code="UA-46", country_code="UA", name="Lviv Oblast"),
        ]
    )
    db.session.flush()


def add_school(
    name: str, national_id: str, country: str, region: str, verification: str = "verified", language: str = "ro"
) -> School:
    school = School(
        name=name,
        national_id=national_id,
        country_code=country,
        region_code=region,
        language=language,
        school_type="secondary",
        pupils=400,
        verification=verification,
        address="1 School Street",
    )
    db.session.add(school)
    db.session.flush()
    return school


@dataclass
class World:
    school_a: int
    school_b: int
    emails: dict[str, str]


def build_world() -> World:
    add_geography()
    a = add_school("Liceul Teoretic A", "MD-1001", "MD", "MD-CU")
    b = add_school("Lviv School B", "UA-2001", "UA", "UA-46", language="uk")
    emails = {
        "admin": "admin@example.org",
        "coordinator_md": "coord.md@example.org",
        "coordinator_ua": "coord.ua@example.org",
        "assessor": "assessor@example.org",
        "school_admin_a": "head.a@example.org",
        "school_staff_a": "staff.a@example.org",
        "school_admin_b": "head.b@example.org",
    }
    create_user(emails["admin"], "Ada Admin", "admin", PASSWORD)
    create_user(emails["coordinator_md"], "Mira Coordinator", "coordinator", PASSWORD, countries=["MD"])
    create_user(emails["coordinator_ua"], "Ulyana Coordinator", "coordinator", PASSWORD, regions=["UA-46"])
    create_user(
        emails["assessor"], "Artem Assessor", "assessor", PASSWORD, countries=["MD", "UA"], languages=["ro", "uk"]
    )
    # School A teaches in Romanian, an interface language: its people chose English, so the tests read English pages
    # (tests/i18n covers who reads their school's language).
    create_user(emails["school_admin_a"], "Head A", "school-admin", PASSWORD, school_id=a.id, language="en")
    create_user(emails["school_staff_a"], "Staff A", "school-staff", PASSWORD, school_id=a.id, language="en")
    create_user(emails["school_admin_b"], "Head B", "school-admin", PASSWORD, school_id=b.id)
    return World(school_a=a.id, school_b=b.id, emails=emails)


def user_id(app, email: str) -> int:
    """The id of the user with ``email``."""
    from sqlalchemy import select

    from accreditation.models import User

    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def sign_in(client, email: str, password: str = PASSWORD):
    """Sign in through the real form, CSRF token included."""
    page = client.get("/sign-in")
    token = csrf_token(page.get_data(as_text=True))
    return client.post("/sign-in", data={"email": email, "password": password, "csrf_token": token})


def csrf_token(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def outbox(app) -> list:
    """The e-mails written to the development mail folder, oldest first."""
    import email
    from pathlib import Path

    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    if not folder.exists():
        return []
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def mail_text(message) -> str:
    part = message.get_body(("plain",)) if hasattr(message, "get_body") else message
    return part.get_payload(decode=True).decode()


def link_in(message, base_url: str = "http://localhost") -> str:
    """The first link in a message's text, as a path the test client can open."""
    import re

    match = re.search(r"https?://\S+", mail_text(message))
    assert match, "no link in the e-mail"
    return match.group(0).removeprefix(base_url)


def sign_out(client) -> None:
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/me").get_data(as_text=True))})


@pytest.fixture(autouse=True)
def people_read_english(request) -> None:
    """Autouse in the modules that import it: everyone of the world reads English, the language of the texts they
    assert (a person's school's language would be chosen otherwise, and school A teaches in Romanian)."""
    if "world" not in request.fixturenames:
        return
    request.getfixturevalue("world")
    app = request.getfixturevalue("app")
    from accreditation.models import User

    with app.app_context():
        for user in db.session.query(User).all():
            user.language = "en"
        db.session.commit()
        db.session.remove()
