"""A school registers itself: the school, unverified, and its first school admin, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from werkzeug.security import generate_password_hash

from accreditation.accounts import notices, throttle
from accreditation.accounts.passwords import password_problem
from accreditation.accounts.users import AccountError, create_user, find_user_by_email
from accreditation.collation import sorted_by
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name
from accreditation.i18n import current_language, language_display_name, language_of
from accreditation.mail import MailError, send_mail
from accreditation.models import Country, Region, RoleGrant, School, User
from accreditation.models.school import SchoolType, Verification
from accreditation.models.user import Role

# Languages of teaching a school may give (ISO 639-1), with their English names.
SCHOOL_LANGUAGES = [
    ("be", "Belarusian"),
    ("bg", "Bulgarian"),
    ("cs", "Czech"),
    ("de", "German"),
    ("el", "Greek"),
    ("en", "English"),
    ("es", "Spanish"),
    ("et", "Estonian"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("hu", "Hungarian"),
    ("it", "Italian"),
    ("ka", "Georgian"),
    ("kk", "Kazakh"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("sv", "Swedish"),
    ("uk", "Ukrainian"),
]


def language_name(code: str) -> str:
    """The name of a language of teaching in the current language (English outside a request), or its code when it
    is not in the list."""
    english = dict(SCHOOL_LANGUAGES).get(code)
    return language_display_name(code, english) if english else code


def school_language_choices() -> list[tuple[str, str]]:
    """The languages of teaching as form choices, named and sorted in the current language."""
    choices = [(code, language_name(code)) for code, _ in SCHOOL_LANGUAGES]
    return sorted_by(choices, current_language(), key=lambda choice: choice[1])


class RegistrationRefused(AccountError):
    """The registration cannot be accepted; ``problems`` maps form field names to messages."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class SchoolDetails:
    name: str
    national_id: str
    country_code: str
    region_code: str
    address: str
    language: str
    school_type: str
    pupils: int | None


@dataclass(frozen=True)
class FirstAdmin:
    name: str
    email: str
    password: str


def _problems(school: SchoolDetails, admin: FirstAdmin) -> dict[str, str]:
    problems: dict[str, str] = {}
    country = db.session.get(Country, school.country_code)
    region = db.session.get(Region, school.region_code)
    if country is None:
        problems["country"] = _("Choose the country the school is in.")
    if region is None:
        problems["region"] = _("Choose the school’s region from the list.")
    elif country is not None and region.country_code != country.code:
        problems["region"] = _(
            "%(region)s is not a region of %(country)s: choose a region of %(country)s.",
            region=region_name(region.code, fallback=region.name),
            country=country_name(country.code, fallback=country.name),
        )
    if school.language not in dict(SCHOOL_LANGUAGES):
        problems["language"] = _("Choose the school’s language of teaching from the list.")
    if school.school_type not in {t.value for t in SchoolType}:
        problems["school_type"] = _("Choose the type of school from the list.")
    if school.pupils is not None and school.pupils < 0:
        problems["pupils"] = _("The number of pupils cannot be negative.")
    if country is not None and db.session.scalar(
        select(School.id).where(
            School.country_code == country.code,
            func.lower(School.national_id) == school.national_id.lower(),
        )
    ):
        problems["national_id"] = _(
            "A school with the national identifier %(identifier)s is already registered in %(country)s. "
            "If it is yours, ask its school admin to invite you.",
            identifier=school.national_id,
            country=country_name(country.code, fallback=country.name),
        )
    if problem := password_problem(admin.password, (admin.email, admin.name)):
        problems["password"] = problem
    return problems


def register_school(school: SchoolDetails, admin: FirstAdmin, address: str) -> tuple[School, User] | None:
    """Create the school (verification pending) and its first school admin, who is e-mailed a link to sign in once
    it commits. Flushes, never commits.

    Every problem is found before anything is written, and reported together. When the admin's e-mail address
    already has an account, nothing is created and None is returned: the account's owner is told someone tried
    (at most ``ACCOUNT_MAIL_MAX_PER_ACCOUNT`` times a window, counted with the password links; ``address`` is the
    network address asking), and the caller answers exactly as for a new registration, so the answer does not
    tell whether an address has an account.
    """
    school = SchoolDetails(
        name=school.name.strip(),
        national_id=school.national_id.strip(),
        country_code=school.country_code.strip().upper(),
        region_code=school.region_code.strip().upper(),
        address=school.address.strip(),
        language=school.language.strip().lower(),
        school_type=school.school_type,
        pupils=school.pupils,
    )
    if problems := _problems(school, admin):
        raise RegistrationRefused(problems)
    if (owner := find_user_by_email(admin.email)) is not None:
        generate_password_hash(admin.password)  # as slow as creating the account: the timing tells nothing either
        if throttle.may_mail_account(owner.email, address):
            throttle.record_mail_request(owner.email, address)
            notices.registration_attempt(owner)
        return None
    row = School(
        name=school.name,
        national_id=school.national_id,
        country_code=school.country_code,
        region_code=school.region_code,
        address=school.address,
        language=school.language,
        school_type=school.school_type,
        pupils=school.pupils,
        verification=Verification.PENDING.value,
    )
    db.session.add(row)
    db.session.flush()
    user = create_user(admin.email, admin.name.strip(), "school-admin", admin.password, school_id=row.id)
    notices.school_registered(user, row)
    return row, user


def coordinators_of(school: School) -> list[User]:
    """The active coordinators whose countries or regions cover ``school``."""
    covering = select(RoleGrant.user_id).where(
        RoleGrant.role == Role.COORDINATOR.value,
        or_(
            (RoleGrant.country_code == school.country_code) & RoleGrant.region_code.is_(None),
            RoleGrant.region_code == school.region_code,
        ),
    )
    return list(db.session.scalars(select(User).where(User.id.in_(covering), User.active.is_(True)).order_by(User.id)))


def notify_coordinators(school: School) -> int:
    """E-mail each coordinator over the school that it awaits verification. Call after the commit.

    A mail failure is logged and does not undo the registration. Returns the number of messages handed over.
    """
    link = f"{current_app.config['BASE_URL']}/coordinate/schools/{school.id}"
    sent = 0
    for coordinator in coordinators_of(school):
        with force_locale(language_of(coordinator)):
            text = render_template("email/school_registered.txt", user=coordinator, school=school, link=link)
            subject = _("New school to verify: %(school)s", school=school.name)
        try:
            send_mail(coordinator.email, subject, text)
            sent += 1
        except MailError:
            current_app.logger.exception("could not e-mail coordinator %s about school %s", coordinator.id, school.id)
    if not sent:
        current_app.logger.warning("no coordinator was told about school %s (%s)", school.id, school.region_code)
    return sent
