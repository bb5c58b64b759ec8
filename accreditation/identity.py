"""The signed-in person of a request as a read model: one narrow statement, one small immutable ``Principal``.

flask-login holds a ``Principal`` as ``current_user``. It answers everything the pages, the templates and the
features ask of the person (id, name, e-mail, language, time zone, grants and their scope, memberships and their
schools' names, languages and places) without the ORM: building a ``User`` with its grants, memberships and schools
through the ORM was a third of the smallest signed-in page. A page that changes the person (their preferences,
password, sign-out, an accepted invitation) asks for the ORM row with ``signed_in_user()`` (or ``.row``).

Nothing is cached across requests: every request reads the person again, so a role removed, an account deactivated,
a password changed or a membership ended takes effect on the very next request, in every worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_login import current_user
from sqlalchemy import Integer, String, bindparam, exists, false, literal, null, select, union_all

from accreditation.extensions import db
from accreditation.models import Membership, NetworkLead, RoleGrant, School, User
from accreditation.prebuilt import Prebuilt
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR

if TYPE_CHECKING:
    from accreditation.models import Role

GRANT, MEMBERSHIP = "g", "m"


@dataclass(frozen=True, slots=True)
class SchoolSummary:
    """What the layout, the language and the time zone need of a member's school."""

    id: int
    name: str
    language: str
    country_code: str
    region_code: str


@dataclass(frozen=True, slots=True)
class GrantView:
    id: int
    role: str
    country_code: str | None
    region_code: str | None


@dataclass(frozen=True, slots=True)
class MembershipView:
    """A membership; ``school_summary`` is read with the person, ``school`` is the ORM row (from the session's
    identity map when the page has loaded it already, else one query)."""

    id: int
    user_id: int
    school_id: int
    role: str
    school_summary: SchoolSummary

    @property
    def school(self) -> School | None:
        from accreditation.access import SCHOOL_OPTIONS

        return db.session.get(School, self.school_id, options=SCHOOL_OPTIONS)


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in person, read once per request (see the module's docstring). Same questions as ``User``."""

    id: int
    email: str
    name: str
    language: str
    timezone: str
    active: bool
    session_epoch: int
    grants: tuple[GrantView, ...]
    memberships: tuple[MembershipView, ...]
    leads_networks: bool = False  # leads at least one school network (the layout links their networks)

    # --- flask-login -----------------------------------------------------------------------------------------
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"

    # --- roles, as User answers them ---------------------------------------------------------------------------
    def has_role(self, role: Role | str) -> bool:
        return any(grant.role == role for grant in self.grants)

    @property
    def is_admin(self) -> bool:
        return self.has_role(ADMIN)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(COORDINATOR)

    @property
    def is_assessor(self) -> bool:
        return self.has_role(ASSESSOR)

    @property
    def role_names(self) -> list[str]:
        return sorted({g.role for g in self.grants}) + sorted({m.role for m in self.memberships})

    def scope(self, role: Role | str) -> tuple[set[str], set[str]]:
        """The (countries, regions) covered by this person's grants of ``role``."""
        countries = {g.country_code for g in self.grants if g.role == role and g.country_code and not g.region_code}
        regions = {g.region_code for g in self.grants if g.role == role and g.region_code}
        return countries, regions

    def coordinates(self, country_code: str, region_code: str) -> bool:
        if self.is_admin:
            return True
        countries, regions = self.scope(COORDINATOR)
        return country_code in countries or region_code in regions

    def membership_of(self, school_id: int) -> MembershipView | None:
        return next((m for m in self.memberships if m.school_id == school_id), None)

    # --- the ORM row, for a page that changes the person --------------------------------------------------------
    @property
    def row(self) -> User:
        """The ORM ``User`` (one query the first time in a request, then the session's identity map)."""
        user = db.session.get(User, self.id)
        if user is None:  # deleted since the request began
            raise LookupError(f"user {self.id} is gone")
        return user

    def __repr__(self) -> str:
        return f"<Principal {self.id} {self.email}>"


def signed_in_user() -> User:
    """The ORM row of the signed-in person, for the pages that change them (call only behind login_required)."""
    return current_user.row


def _statement():
    """One round trip: the person's columns on every row, then one row per grant and one per membership (with its
    school's summary). A person with neither still gets one row (the grants' LEFT JOIN). The grants' rows also say
    whether the person leads a network (an EXISTS on the leads' user index)."""
    user_id = bindparam("user_id", type_=Integer)
    person = (User.id, User.email, User.name, User.language, User.timezone, User.active, User.session_epoch)
    grants = (
        select(
            *person,
            literal(GRANT, String).label("kind"),
            RoleGrant.id.label("item_id"),
            RoleGrant.role.label("role"),
            RoleGrant.country_code.label("country_code"),
            RoleGrant.region_code.label("region_code"),
            null().label("school_id"),
            null().label("school_name"),
            null().label("school_language"),
            exists().where(NetworkLead.user_id == User.id).label("leads_networks"),
        )
        .select_from(User)
        .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
        .where(User.id == user_id)
    )
    memberships = (
        select(
            *person,
            literal(MEMBERSHIP, String),
            Membership.id,
            Membership.role,
            School.country_code,
            School.region_code,
            School.id,
            School.name,
            School.language,
            false(),
        )
        .select_from(User)
        .join(Membership, Membership.user_id == User.id)
        .join(School, School.id == Membership.school_id)
        .where(User.id == user_id)
    )
    return union_all(grants, memberships)


# Built once and run on the driver's cursor (``prebuilt``): every signed-in request reads it.
PRINCIPAL_QUERY = Prebuilt(_statement())


def read_principal(user_id: int) -> Principal | None:
    """The person ``user_id`` as a ``Principal``, or None when there is no such person."""
    # Plain rows on the session's connection (its transaction), in the statement's column order.
    rows = PRINCIPAL_QUERY.rows(db.session.connection(), {"user_id": user_id})
    if not rows:
        return None
    person_id, email, name, language, timezone, active, session_epoch = rows[0][:7]
    grants = []
    memberships = []
    leads_networks = False
    for (
        *_person,
        kind,
        item_id,
        role,
        country_code,
        region_code,
        school_id,
        school_name,
        school_language,
        leads,
    ) in rows:
        if kind == GRANT:
            leads_networks = leads_networks or bool(leads)
            if item_id is not None:
                grants.append(GrantView(item_id, role, country_code, region_code))
        elif kind == MEMBERSHIP:
            school = SchoolSummary(school_id, school_name, school_language or "", country_code, region_code)
            memberships.append(MembershipView(item_id, person_id, school_id, role, school))
    return Principal(
        id=person_id,
        email=email,
        name=name,
        language=language or "",
        timezone=timezone or "",
        active=bool(active),
        session_epoch=session_epoch or 0,
        grants=tuple(sorted(grants, key=lambda grant: grant.id)),
        memberships=tuple(sorted(memberships, key=lambda membership: membership.id)),
        leads_networks=leads_networks,
    )


def load_principal(session_id: str) -> Principal | None:
    """flask-login's user loader: ``session_id`` is "<user id>:<session epoch>" (``User.get_id``); a session from
    before the person's last sign-out or password change (an older epoch), or of an inactive account, signs nobody
    in."""
    user_id, _sep, epoch = session_id.partition(":")
    if not (user_id.isdigit() and epoch.isdigit()) or len(user_id) > 18 or len(epoch) > 18:
        return None
    principal = read_principal(int(user_id))
    if principal is None or not principal.active or principal.session_epoch != int(epoch):
        return None
    return principal


def refresh_principal() -> None:
    """After a page changed the signed-in person's row: write it (flush) and read the request's ``current_user``
    again, so the rest of the request (its language, its layout) sees the change."""
    from flask import g

    db.session.flush()
    principal = read_principal(current_user.id)
    if principal is not None:
        g._login_user = principal  # where flask-login keeps the request's user
