"""The school dashboard's read model: the school, its applications and its certificates in one round trip (one Core
statement: three SELECTs joined by UNION ALL, each row marked with its kind), checked against the reader's rights
like ``access.get_school``. No ORM entity, no joined region and country (the page names them through the geography
filters). The sections take their rows from the school (``application_rows``, ``certificate_rows``) and read them
themselves when given an ORM school instead."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import datetime

from flask import abort, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, bindparam, cast, literal, null, select, union_all

from accreditation.access import can_see_school
from accreditation.applications.reads import SCHOOL_APPLICATIONS
from accreditation.certificates.school_lines import READ as CERTIFICATES_READ
from accreditation.extensions import db
from accreditation.models import School, User
from accreditation.models.school import SchoolType, Verification

SCHOOLS = School.__table__
COLUMNS = (
    "id",
    "name",
    "national_id",
    "country_code",
    "region_code",
    "address",
    "language",
    "school_type",
    "pupils",
    "verification",
    "verification_note",
    "verified_at",
    "listed_publicly",
    "on_regions_page",
)
SCHOOL, APPLICATION, CERTIFICATE = "s", "a", "c"
# Each kind's columns, in the order of the statement each section reads on its own (so a row is the same either way).
KINDS = {
    SCHOOL: [SCHOOLS.c[name] for name in COLUMNS],
    APPLICATION: list(SCHOOL_APPLICATIONS.selected_columns),
    CERTIFICATE: [*CERTIFICATES_READ.selected_columns, CERTIFICATES_READ.selected_columns[0].table.c.issued_at],
}
CertificateRead = namedtuple("CertificateRead", [column.key for column in CERTIFICATES_READ.selected_columns])


def _branch(kind: str, where, joined=None):
    """One SELECT of the union: ``kind``'s own columns at their places, typed NULLs at every other kind's."""
    columns = [literal(kind, String).label("kind")]
    for other, own in KINDS.items():
        for index, column in enumerate(own):
            # a typed NULL at another kind's place: PostgreSQL matches the branches' types place by place
            value = column if other == kind else cast(null(), column.type)
            columns.append(value.label(f"{other}{index}"))
    found = select(*columns)
    return (found.select_from(joined) if joined is not None else found).where(where)


def _statement():
    school_id = bindparam("school_id")
    applications = KINDS[APPLICATION][0].table
    certificates = KINDS[CERTIFICATE][0].table
    joined = certificates.outerjoin(applications, applications.c.id == certificates.c.application_id)
    union = union_all(
        _branch(SCHOOL, SCHOOLS.c.id == school_id),
        _branch(APPLICATION, applications.c.school_id == school_id),
        _branch(CERTIFICATE, certificates.c.school_id == school_id, joined),
    )
    places = union.selected_columns
    last = len(KINDS[CERTIFICATE]) - 1
    return union.order_by(  # each section's own order: applications by programme and newest cycle, certificates newest
        places.kind, places.a1, places.a2.desc(), places[f"c{last}"].desc(), places.c0.desc()
    )


READ = _statement()  # built once: compiled once per process
LINKS = (  # the dashboard's links, each to a page of the school (``url_for(endpoint, school_id=...)``)
    "training.register",
    "compliance.calendar",
    "health_check.school_check",
    "incidents.log",
    "school.members",
    "surveys.index",
    "self_assessment.export_page",
    "coordinator.school",
    "certificates.public_listing",
    "certificates.regions_page",
)
STAND_IN = 987654321987654  # a school id no real one has: its place in a built link is where each id goes
VERIFICATION_TITLES = {"pending": _l("Awaiting verification"), "verified": _l("Verified"), "rejected": _l("Rejected")}
SCHOOL_TYPE_TITLES = {
    "primary": _l("Primary"),
    "secondary": _l("Secondary"),
    "combined": _l("Combined"),
    "vocational": _l("Vocational"),
    "special": _l("Special"),
    "other": _l("Other"),
}  # the models' words (Verification.title, SchoolType.title), one translated per page instead of all of them


@dataclass(frozen=True)
class SchoolRow:
    """What the dashboard shows of a school, with the model's words for its type and verification, and the rows of
    its sections (as their own statements would read them)."""

    id: int
    name: str
    national_id: str
    country_code: str
    region_code: str
    address: str
    language: str
    school_type: str
    pupils: int | None
    verification: str
    verification_note: str
    verified_at: datetime | None
    listed_publicly: bool
    on_regions_page: bool
    application_rows: list[tuple] = field(default_factory=list)
    certificate_rows: list[CertificateRead] = field(default_factory=list)

    @property
    def verification_title(self) -> str:
        return str(VERIFICATION_TITLES[Verification(self.verification).value])

    @property
    def school_type_title(self) -> str:
        try:
            return str(SCHOOL_TYPE_TITLES[SchoolType(self.school_type).value])
        except ValueError:
            return self.school_type

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def links(self) -> dict[str, str]:
        """The address of each of ``LINKS`` for this school."""
        return {endpoint: f"{start}{self.id}{end}" for endpoint, (start, end) in _link_shapes().items()}


def _link_shapes() -> dict[str, tuple[str, str]]:
    """Each of ``LINKS`` built once per application and root path, split where the school's id goes (``url_for``
    costs as much as a dozen sentences a call; the id is the only part that changes)."""
    kept = current_app.extensions.setdefault("school_dashboard_links", {})
    shapes = kept.get(request.script_root)
    if shapes is None:
        shapes = {}
        for endpoint in LINKS:
            start, found, end = url_for(endpoint, school_id=STAND_IN).partition(str(STAND_IN))
            if not found or str(STAND_IN) in end:
                raise LookupError(f"{endpoint}: the school's id is not one part of its address")
            shapes[endpoint] = (start, end)
        kept[request.script_root] = shapes
    return shapes


def school_row(school_id: int, user: User) -> SchoolRow:
    """The school for ``user``'s dashboard with its sections' rows: 404 when it does not exist, 403 when they may not
    see it."""
    rows = db.session.connection().execute(READ, {"school_id": school_id}).all()  # Core: no ORM session step
    found = next((row for row in rows if row.kind == SCHOOL), None)
    if found is None:
        abort(404)
    school_width, application_width = len(KINDS[SCHOOL]), len(KINDS[APPLICATION])
    applications = 1 + school_width
    certificates = applications + application_width
    school = SchoolRow(
        *found[1:applications],
        application_rows=[tuple(row[applications:certificates]) for row in rows if row.kind == APPLICATION],
        certificate_rows=[CertificateRead(*row[certificates:-1]) for row in rows if row.kind == CERTIFICATE],
    )
    if not can_see_school(user, school):
        abort(403)
    return school
