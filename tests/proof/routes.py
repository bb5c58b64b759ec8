"""The route table of the proof tests: for every page and form of the app, how to request it in the proof scene as
each role (``tests.proof.builders``), and the status each role gets.

A cell is the response's status, or ``SIGN_IN`` for a redirect to the sign-in page (with ``next=``). A write's
request is made per role: what it needs (an invitation, a pending school) is made for that role alone, so one
role's success does not change the next one's answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import BytesIO
from typing import Any

from accreditation.accounts.users import create_user
from accreditation.assessment.documents import Upload, upload_document
from accreditation.extensions import db
from accreditation.models import Application, RoleGrant, School, User
from accreditation.review.conflicts import record_conflict
from tests.api.builders import version_of
from tests.applications.builders import SECOND_ASSESSOR, person
from tests.assessment.builders import GOOD_COMMENTARY, PDF, framework_of
from tests.builders import PASSWORD, add_school
from tests.proof.builders import (
    ProofScene,
    new_invitation_token,
    new_reset_token,
    start_ciss_again,
    unique,
    withdraw_esafety,
)
from workflows import WorkflowError

SIGN_IN = "sign-in"
Cell = int | str

#               anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
PUBLIC = (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = (SIGN_IN, 200, 200, 200, 200, 200, 200, 200, 200, 200)
APPLICATION = (SIGN_IN, 200, 200, 403, 200, 403, 200, 403, 200, 403)  # the school, its assessors, its coordinators
REVIEW = (SIGN_IN, 403, 403, 403, 200, 403, 200, 403, 403, 403)  # the draft review: assessors and coordinators
SCHOOL_A = (SIGN_IN, 200, 200, 403, 403, 403, 200, 403, 200, 403)
SCHOOL_A_ADMIN = (SIGN_IN, 200, 403, 403, 403, 403, 403, 403, 403, 403)
COORDINATORS = (SIGN_IN, 403, 403, 403, 403, 403, 200, 200, 200, 403)
IN_SCOPE = (SIGN_IN, 403, 403, 403, 403, 403, 200, 404, 200, 403)  # a coordinator's school elsewhere: not shown
ASSESSORS = (SIGN_IN, 403, 403, 403, 200, 200, 403, 403, 403, 403)
SIGNED_OUT_ONLY = (200, 302, 302, 302, 302, 302, 302, 302, 302, 302)  # signed in: sent home


@dataclass(frozen=True)
class Call:
    path: str
    data: dict[str, Any] = field(default_factory=dict)  # a form (the CSRF token is added), files as (BytesIO, name)
    query: str = ""


Request = Callable[[ProofScene, str], Call]


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    request: Request
    expected: tuple[Cell, ...]
    prepare: Callable[[ProofScene], None] | None = None

    @property
    def name(self) -> str:
        return f"{self.method} {self.endpoint}"


def get(endpoint: str, path: Callable[[ProofScene], str], expected: tuple[Cell, ...]) -> Route:
    return Route(endpoint, "GET", lambda s, r: Call(path(s)), expected)


READS = [
    get("home.index", lambda s: "/", (200,) * 10),  # signed in: the to-do list (a network lead: their networks)
    get("home.me", lambda s: "/me", SIGNED_IN),
    get("auth.change_password_page", lambda s: "/me/password", SIGNED_IN),
    get("reminders.mine", lambda s: "/reminders", SIGNED_IN),
    get("static", lambda s: "/static/site.css", PUBLIC),
    get("auth.sign_in", lambda s: "/sign-in", SIGNED_OUT_ONLY),
    get("auth.register", lambda s: "/register", SIGNED_OUT_ONLY),
    get("auth.forgot_password", lambda s: "/forgot-password", PUBLIC),
    Route(
        "auth.accept_invitation",
        "GET",
        lambda s, r: Call(f"/invitations/{new_invitation_token(s.world, f'{unique(r)}@example.org')}"),
        PUBLIC,
    ),
    Route(
        "auth.reset_password_page",
        "GET",
        lambda s, r: Call(f"/reset-password/{new_reset_token(s.world, f'{unique(r)}@example.org')}"),
        PUBLIC,
    ),
    # Applications and their pages
    get("applications.index", lambda s: "/applications", SIGNED_IN),
    get("applications.show", lambda s: f"/applications/{s.ciss}", APPLICATION),
    get("applications.programmes", lambda s: "/programmes", SIGNED_IN),  # a school reads what it will do
    get("self_assessment.answers", lambda s: f"/applications/{s.esafety}/self-assessment", APPLICATION),
    get("self_assessment.documents", lambda s: f"/applications/{s.esafety}/documents", APPLICATION),
    get("self_assessment.snapshot", lambda s: f"/applications/{s.ciss}/snapshots/1", APPLICATION),
    get("self_assessment.results", lambda s: f"/applications/{s.esafety}/results", APPLICATION),
    get("self_assessment.plan", lambda s: f"/applications/{s.esafety}/action-plan", APPLICATION),
    get("self_assessment.plan_pdf", lambda s: f"/applications/{s.esafety}/action-plan.pdf", APPLICATION),
    # The evidence: not for admins (they see the application, not the school's documents)
    get(
        "self_assessment.download",
        lambda s: f"/documents/files/{s.file}",
        (SIGN_IN, 200, 200, 403, 200, 403, 200, 403, 403, 403),
    ),
    get("review.review", lambda s: f"/applications/{s.ciss}/review", REVIEW),
    get("review.decision", lambda s: f"/applications/{s.ciss}/review/decision", REVIEW),
    get("review.feedback", lambda s: f"/applications/{s.ciss}/feedback", APPLICATION),
    get("review.visit_calendar", lambda s: f"/applications/{s.ciss}/visit.ics", APPLICATION),
    get("review.queue", lambda s: "/assessor/queue", ASSESSORS),
    get("review.conflicts", lambda s: "/assessor/conflicts", ASSESSORS),
    # Schools
    get("school.dashboard", lambda s: f"/schools/{s.world.school_a}", SCHOOL_A),
    get("school.members", lambda s: f"/schools/{s.world.school_a}/members", SCHOOL_A),
    get("training.register", lambda s: f"/schools/{s.world.school_a}/training", SCHOOL_A),
    get("training.new", lambda s: f"/schools/{s.world.school_a}/training/new", SCHOOL_A_ADMIN),
    get("training.import_file", lambda s: f"/schools/{s.world.school_a}/training/import", SCHOOL_A_ADMIN),
    get("training.certificate", lambda s: _training_certificate(s), SCHOOL_A_ADMIN),
    get("incidents.log", lambda s: f"/schools/{s.world.school_a}/incidents", SCHOOL_A_ADMIN),
    get("incidents.new", lambda s: f"/schools/{s.world.school_a}/incidents/new", SCHOOL_A_ADMIN),
    get("incidents.show", lambda s: f"/schools/{s.world.school_a}/incidents/{_an_incident(s)}", SCHOOL_A_ADMIN),
    get("incidents.counts", lambda s: "/coordinate/incidents", COORDINATORS),
    get("compliance.calendar", lambda s: f"/schools/{s.world.school_a}/calendar", SCHOOL_A),
    get("health_check.school_check", lambda s: f"/schools/{s.world.school_a}/health-check", SCHOOL_A),
    get("health_check.overview", lambda s: "/coordinate/health-checks", COORDINATORS),
    get("self_assessment.export_page", lambda s: f"/schools/{s.world.school_a}/export", SCHOOL_A_ADMIN),
    # Certificates: a school's own are shown to those who see the school, else not found
    get(
        "certificates.pdf",
        lambda s: f"/certificates/{s.certificate}.pdf",
        (SIGN_IN, 200, 200, 404, 404, 404, 200, 404, 200, 404),
    ),
    get("public.verify_form", lambda s: "/verify", PUBLIC),
    get("public.verify", lambda s: f"/verify/{s.code}", PUBLIC),
    get("public.credential", lambda s: f"/verify/{s.code}/credential.json", PUBLIC),
    get("public.certified_index", lambda s: "/certified", PUBLIC),
    get("public.certified", lambda s: "/certified/ciss", PUBLIC),
    get("public.did_document", lambda s: "/.well-known/did.json", PUBLIC),
    get("public.jwks", lambda s: "/.well-known/jwks.json", PUBLIC),
    get("healthz", lambda s: "/healthz", PUBLIC),  # load balancers: no sign-in (tests/ops)
    get("readyz", lambda s: "/readyz", PUBLIC),
    # off without METRICS_TOKEN; with it, the token alone (tests/ops)
    get("metrics", lambda s: "/metrics", (404,) * 10),
    # Credentials that outlive the operator (issue 31): the signed status lists, badges, a school's badge page
    get("credentials.status_list", lambda s: "/credentials/status/revocation", PUBLIC),
    get("credentials.badge", lambda s: "/badges/ciss/established/uk.svg", PUBLIC),
    get(
        "credentials.badge_page",
        lambda s: f"/certificates/{s.certificate}/badge",
        (SIGN_IN, 200, 200, 404, 404, 404, 200, 404, 200, 404),
    ),
    get("credentials.by_region", lambda s: "/certified/ciss/regions", PUBLIC),
    get("api-docs.openapi_json", lambda s: "/api/v1/openapi.json", PUBLIC),
    # Coordinators and admins
    get("coordinator.schools", lambda s: "/coordinate/schools", COORDINATORS),
    get("coordinator.school", lambda s: f"/coordinate/schools/{s.world.school_a}", IN_SCOPE),
    get("dashboard.index", lambda s: "/coordinate/dashboard", COORDINATORS),
    get("dashboard.regions", lambda s: "/coordinate/dashboard/regions", COORDINATORS),
    get("dashboard.schools", lambda s: "/coordinate/dashboard/schools", COORDINATORS),
    get("dashboard.export_schools", lambda s: "/coordinate/dashboard/export/schools.csv", COORDINATORS),
    get("dashboard.export_regions", lambda s: "/coordinate/dashboard/export/regions.csv", COORDINATORS),
    get("onboarding.upload", lambda s: "/coordinate/onboarding", COORDINATORS),
    get("onboarding.job", lambda s: f"/coordinate/onboarding/{s.job}", IN_SCOPE),  # its uploader, and admins
    # Yearly reports (issue 31): coordinators and admins; a report outside one's scope, or none, is not found
    get("reports.index", lambda s: "/coordinate/reports", COORDINATORS),
    get("reports.show", lambda s: "/coordinate/reports/999999", (SIGN_IN, 403, 403, 403, 403, 403, 404, 404, 404, 403)),
    get(
        "reports.download",
        lambda s: "/coordinate/reports/999999.pdf",
        (SIGN_IN, 403, 403, 403, 403, 403, 404, 404, 404, 403),
    ),
    get("admin.people", lambda s: "/admin/people", COORDINATORS),
    get("admin.new_person", lambda s: "/admin/people/new", COORDINATORS),
    get("admin.person", lambda s: f"/admin/people/{s.assessor}", IN_SCOPE),  # assesses in Moldova and Ukraine
]


# --- the writes: a request per role ---------------------------------------------------------------------------------


def _new_person(s: ProofScene, role: str) -> Call:
    scope = {"countries": ["UA"]} if role == "coordinator_out" else {"countries": ["MD"]}
    data = {"email": f"{unique(role)}@example.org", "name": "New Assessor", "role": "assessor", "languages": "ro"}
    return Call("/admin/people/new", {**data, **scope, "language": "en"})


def _moldovan_assessor(role: str, active: bool) -> int:
    """A new assessor for Moldova alone (active or deactivated), for one role's request; their id. Commits."""
    user = create_user(f"{unique(role)}@example.org", "Moldovan Assessor", "assessor", PASSWORD, countries=["MD"])
    user.active = active
    db.session.commit()
    return user.id


def _remove_role(s: ProofScene, role: str) -> Call:
    """A new Moldovan assessor who also coordinates Bălți, for one role's request to take the second role away."""
    user = db.session.get(User, _moldovan_assessor(role, active=True))
    user.grants.append(RoleGrant(role="coordinator", country_code="MD", region_code="MD-BA"))
    db.session.commit()
    return Call(f"/admin/people/{user.id}/roles/{user.grants[-1].id}/remove")


def _fire(s: ProofScene, role: str) -> Call:
    """Withdraw (an event, not a decision: those have their own forms), confirmed as its form asks."""
    return Call(f"/applications/{s.ciss}/events/withdraw", {"expected_version": version_of(s.ciss), "understood": "y"})


def _remove_document(s: ProofScene, role: str) -> Call:
    """A document uploaded for this role's request alone, to remove (the scene's own once uploads are closed)."""
    try:
        document_id = upload_document(
            s.esafety, person("head.a@example.org"), Upload(PDF, f"{role}.pdf"), title=role
        ).document_id
    except WorkflowError:
        db.session.rollback()
        document_id = s.document
    db.session.commit()
    return Call(f"/applications/{s.esafety}/documents/{document_id}/remove", {"understood": "y"})


def _decide(s: ProofScene, role: str) -> Call:
    data = {
        "expected_version": version_of(s.ciss),
        "day": (date.today() + timedelta(days=21)).isoformat(),
        "at": "10:00",
        "minutes": "120",
        "place": "The library",
        "comment": f"Moved by {role}.",
    }
    return Call(f"/applications/{s.ciss}/review/decision/visit", data)


def _assign(s: ProofScene, role: str) -> Call:
    return Call(f"/applications/{s.ciss}/assessors", {"assessor_id": person(SECOND_ASSESSOR).id, "role": "moderator"})


def _record_conflict(s: ProofScene, role: str) -> Call:
    assessor = create_user(f"{unique(role)}@example.org", "An Assessor", "assessor", PASSWORD, countries=["MD"])
    db.session.commit()
    data = {"assessor_id": assessor.id, "kind": "declared", "note": f"Noted by {role}."}
    return Call(f"/applications/{s.ciss}/conflicts", data)


def _withdraw_conflict(s: ProofScene, role: str) -> Call:
    """A conflict of its own for each role to withdraw (a withdrawn one cannot be withdrawn again)."""
    assessor = create_user(f"{unique(role)}@example.org", "An Assessor", "assessor", PASSWORD, countries=["MD"])
    school = db.session.get(Application, s.ciss).school
    conflict = record_conflict(assessor, school, "declared", "", assessor)
    db.session.commit()
    return Call(f"/applications/{s.ciss}/conflicts/{conflict.id}/withdraw", {"note": f"Recorded in error ({role})."})


def _area_form(s: ProofScene, role: str) -> Call:
    """Every criterion of the last area (none answered in the scene) at its benchmark."""
    area = framework_of("esafety-label").areas[-1]
    data = {}
    for criterion in area.criteria:
        data |= {f"level-{criterion.code}": criterion.benchmark, f"commentary-{criterion.code}": GOOD_COMMENTARY}
    return Call(f"/applications/{s.esafety}/self-assessment", data, query=f"area={area.code}")


def _autosave(s: ProofScene, role: str) -> Call:
    criterion = framework_of("esafety-label").criteria[1]
    data = {"level": criterion.benchmark, "commentary": GOOD_COMMENTARY, "revision": "0"}
    return Call(f"/applications/{s.esafety}/self-assessment/answers/{criterion.code}", data)


def _upload(s: ProofScene, role: str) -> Call:
    data = {"file": (BytesIO(PDF), f"{role}.pdf"), "kind": "other", "title": f"Evidence of {role}"}
    return Call(f"/applications/{s.esafety}/documents", data)


def _new_pending_school(s: ProofScene, role: str) -> Call:
    school = add_school(f"School of {role}", unique(role), "MD", "MD-CU", verification="pending")
    db.session.commit()
    return Call(f"/coordinate/schools/{school.id}/decision", {"verify": "Verify the school", "note": ""})


ONLY_HEAD_A = (SIGN_IN, 302, 403, 403, 403, 403, 403, 403, 403, 403)  # the school's admin keeps its training register
TRAINING = {"person": "", "person_name": "Ana", "staff_role": "teacher", "course": "", "course_text": "Basics",
            "completed_on": "2026-01-10", "provider": ""}  # fmt: skip
TRAINING_CSV = b"name,role,course,date\nAna,teacher,Basics,2026-01-10\n"


def _a_training(s: ProofScene, file_key: str | None = None) -> int:
    from accreditation.models import TrainingRecord

    record = TrainingRecord(school_id=s.world.school_a, person_name="Ion", staff_role="support", course_text="x",
                            completed_on=date(2026, 1, 5), file_key=file_key)  # fmt: skip
    db.session.add(record)
    db.session.commit()
    return record.id


INCIDENT = {"category": "grooming", "occurred_on": "2026-01-10", "involved": ["pupil"], "description": "",
            "action_taken": "", "referral": ""}  # fmt: skip


def _a_duty(s: ProofScene) -> int:
    from accreditation.models import ComplianceDuty

    duty = ComplianceDuty(school_id=s.world.school_a, duty_code=unique("duty"), due_on=date(2026, 9, 30))
    db.session.add(duty)
    db.session.commit()
    return duty.id


def _an_incident(s: ProofScene) -> int:
    from accreditation.models import Incident

    incident = Incident(school_id=s.world.school_a, category="cyberbullying", occurred_on=date(2026, 1, 5))
    db.session.add(incident)
    db.session.commit()
    return incident.id


def _remove_training(s: ProofScene, role: str) -> Call:
    """A training of school A, for one role's request to remove it. Commits."""
    return Call(f"/schools/{s.world.school_a}/training/{_a_training(s)}/remove")


def _training_certificate(s: ProofScene) -> str:
    from accreditation.storage import store_bytes

    return f"/schools/{s.world.school_a}/training/{_a_training(s, store_bytes(PDF).key)}/certificate"


def _remove_member(s: ProofScene, role: str) -> Call:
    """A new staff member of school A, for one role's request to remove them. Commits."""
    user = create_user(
        f"{unique(role)}@example.org", "Leaving Teacher", "school-staff", PASSWORD, school_id=s.world.school_a
    )
    db.session.commit()
    return Call(f"/schools/{s.world.school_a}/members/{user.id}/remove")


def _revoke(s: ProofScene, role: str) -> Call:
    from accreditation.accounts.invitations import invite

    school = db.session.get(School, s.world.school_a)
    invitation, _token = invite(school, person("head.a@example.org"), f"{unique(role)}@example.org")
    db.session.commit()
    return Call(f"/schools/{s.world.school_a}/invitations/{invitation.id}/revoke")


def _onboard(s: ProofScene, role: str) -> Call:
    country, region = ("UA", "UA-46") if role == "coordinator_out" else ("MD", "MD-BA")
    row = f"{country}-{unique(role)},New School,{country},{region},ro,primary"
    csv = f"national_id,name,country,region,language,type\n{row}\n"
    return Call("/coordinate/onboarding", {"file": (BytesIO(csv.encode()), "schools.csv")})


def _accept_invitation(s: ProofScene, role: str) -> Call:
    token = new_invitation_token(s.world, f"{unique(role)}@example.org")
    return Call(f"/invitations/{token}", {"name": "New Member", "password": PASSWORD, "password_again": PASSWORD})


def _reset_password(s: ProofScene, role: str) -> Call:
    token = new_reset_token(s.world, f"{unique(role)}@example.org")
    new = "a brand new password"
    return Call(f"/reset-password/{token}", {"password": new, "password_again": new})


def _register(s: ProofScene, role: str) -> Call:
    data = {
        "school_name": f"School registered by {role}",
        "national_id": f"MD-{unique(role)}",
        "country": "MD",
        "region": "MD-BA",
        "address": "2 School Street",
        "language": "ro",
        "school_type": "primary",
        "pupils": "100",
        "name": "New Head",
        "email": f"{unique(role)}@example.org",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    return Call("/register", data)


def post(endpoint: str, request: Request, expected: tuple[Cell, ...], prepare=None) -> Route:
    return Route(endpoint, "POST", request, expected, prepare)


ESAFETY_EDIT = (SIGN_IN, 302, 302, 403, 403, 403, 403, 403, 403, 403)  # the school's members, while it works on it

WRITES = [
    # Accounts
    post(
        "auth.sign_in",
        lambda s, r: Call("/sign-in", {"email": "staff.a@example.org", "password": PASSWORD}),
        (302,) * 10,
    ),
    post("auth.sign_out", lambda s, r: Call("/sign-out"), (SIGN_IN, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    post("auth.register", _register, (302,) * 10),
    post("auth.forgot_password", lambda s, r: Call("/forgot-password", {"email": "staff.a@example.org"}), (302,) * 10),
    post("auth.reset_password_page", _reset_password, (302,) * 10),
    post("auth.accept_invitation", _accept_invitation, (302,) * 10),
    post(  # each signed-in role changes its own password (a fresh scene per write)
        "auth.change_password_page",
        lambda s, r: Call(
            "/me/password",
            {
                "current_password": PASSWORD,
                "password": "a brand new password",
                "password_again": "a brand new password",
            },
        ),
        (SIGN_IN, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    post("home.choose_language", lambda s, r: Call("/language", {"language": "en", "next": "/"}), (302,) * 10),
    post(
        "home.save_preferences",
        lambda s, r: Call("/me", {"language": "", "timezone": "UTC"}),
        (SIGN_IN, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    ),
    # The school
    post(
        "school.invite_member",
        lambda s, r: Call(
            f"/schools/{s.world.school_a}/invitations", {"email": f"{unique(r)}@example.org", "role": "school_staff"}
        ),
        (SIGN_IN, 302, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    post("school.revoke_invitation", _revoke, (SIGN_IN, 302, 403, 403, 403, 403, 403, 403, 403, 403)),
    post("school.remove", _remove_member, (SIGN_IN, 302, 403, 403, 403, 403, 302, 403, 302, 403)),
    post(
        "training.staff",
        lambda s, r: Call(f"/schools/{s.world.school_a}/training/staff", {"teacher": "5"}),
        ONLY_HEAD_A,
    ),
    post("training.new", lambda s, r: Call(f"/schools/{s.world.school_a}/training/new", TRAINING), ONLY_HEAD_A),
    post("training.remove", _remove_training, ONLY_HEAD_A),
    post("health_check.submit", lambda s, r: Call(f"/schools/{s.world.school_a}/health-check"), ONLY_HEAD_A),
    post(
        "compliance.owner", lambda s, r: Call(f"/schools/{s.world.school_a}/calendar/{_a_duty(s)}/owner"), ONLY_HEAD_A
    ),
    post("compliance.done", lambda s, r: Call(f"/schools/{s.world.school_a}/calendar/{_a_duty(s)}/done"), ONLY_HEAD_A),
    post("incidents.new", lambda s, r: Call(f"/schools/{s.world.school_a}/incidents/new", INCIDENT), ONLY_HEAD_A),
    post(
        "incidents.show",
        lambda s, r: Call(f"/schools/{s.world.school_a}/incidents/{_an_incident(s)}", INCIDENT),
        ONLY_HEAD_A,
    ),
    post(
        "training.import_file",
        lambda s, r: Call(f"/schools/{s.world.school_a}/training/import", {"file": (BytesIO(TRAINING_CSV), "t.csv")}),
        (SIGN_IN, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    post(
        "training.confirm_import",
        lambda s, r: Call(f"/schools/{s.world.school_a}/training/import/confirm", {"content": TRAINING_CSV.decode()}),
        (SIGN_IN, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    post(
        "certificates.public_listing",
        lambda s, r: Call(f"/schools/{s.world.school_a}/public-listing", {"listed": "0"}),
        (SIGN_IN, 302, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    post(
        "certificates.regions_page",
        lambda s, r: Call(f"/schools/{s.world.school_a}/regions-page", {"listed": "1"}),
        (SIGN_IN, 302, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    post(
        "self_assessment.export",
        lambda s, r: Call(f"/schools/{s.world.school_a}/export"),
        (SIGN_IN, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    post(
        "applications.join_programme",
        lambda s, r: Call(f"/schools/{s.world.school_a}/programmes/esafety-label/join"),
        (SIGN_IN, 302, 403, 403, 403, 403, 403, 403, 403, 403),
        prepare=withdraw_esafety,
    ),
    # The application
    post("applications.fire_event", _fire, (SIGN_IN, 302, 403, 403, 403, 403, 403, 403, 403, 403)),
    post(
        "applications.complete_module_view",
        lambda s, r: Call(f"/applications/{s.ciss}/modules/{s.module}"),
        (SIGN_IN, 302, 302, 403, 403, 403, 403, 403, 403, 403),
        prepare=start_ciss_again,
    ),
    post("applications.assign_assessor_view", _assign, (SIGN_IN, 403, 403, 403, 403, 403, 302, 403, 302, 403)),
    post("review.record_conflict_view", _record_conflict, (SIGN_IN, 403, 403, 403, 403, 403, 302, 403, 302, 403)),
    post("review.withdraw_conflict_view", _withdraw_conflict, (SIGN_IN, 403, 403, 403, 403, 403, 302, 403, 302, 403)),
    # The self-assessment and its documents
    post("self_assessment.save_area", _area_form, ESAFETY_EDIT),
    post("self_assessment.autosave", _autosave, (SIGN_IN, 200, 200, 403, 403, 403, 403, 403, 403, 403)),
    post("self_assessment.upload", _upload, ESAFETY_EDIT),
    post(
        "self_assessment.upload_version",
        lambda s, r: Call(
            f"/applications/{s.esafety}/documents/{s.document}/versions", {"file": (BytesIO(PDF), f"{r}.pdf")}
        ),
        ESAFETY_EDIT,
    ),
    post("self_assessment.remove", _remove_document, ESAFETY_EDIT),
    post(
        "self_assessment.link",
        lambda s, r: Call(
            f"/applications/{s.esafety}/documents/{s.document}/criteria", {"criteria": [s.esafety_criterion]}
        ),
        ESAFETY_EDIT,
    ),
    post(
        "self_assessment.tick",
        lambda s, r: Call(f"/applications/{s.esafety}/action-plan", {"action": s.action, "done": "y"}),
        ESAFETY_EDIT,
    ),
    # The review
    post(
        "review.judge",
        lambda s, r: Call(
            f"/applications/{s.ciss}/review/judgments/{s.criterion}", {"verdict": "agree", "comment": f"Seen by {r}."}
        ),
        (SIGN_IN, 403, 403, 403, 302, 403, 403, 403, 403, 403),
    ),
    post("review.decide", _decide, (SIGN_IN, 403, 403, 403, 302, 403, 302, 403, 403, 403)),
    post(
        "review.declare_conflict",
        lambda s, r: Call("/assessor/conflicts", {"country": "UA", "national_id": "UA-2001", "kind": "declared"}),
        (SIGN_IN, 403, 403, 403, 302, 302, 403, 403, 403, 403),
    ),
    # Coordinators and admins
    post("coordinator.decide", _new_pending_school, (SIGN_IN, 403, 403, 403, 403, 403, 302, 404, 302, 403)),
    post("onboarding.receive", _onboard, (SIGN_IN, 403, 403, 403, 403, 403, 303, 303, 303, 403)),
    post(  # Moldova is offered to its coordinator and the admin, not to the Ukrainian region's coordinator
        "reports.create",
        lambda s, r: Call(
            "/coordinate/reports", {"programme": "ciss", "place": "MD", "year": "2025", "language": "en"}
        ),
        (SIGN_IN, 403, 403, 403, 403, 403, 303, 400, 303, 403),
    ),
    post("admin.new_person", _new_person, (SIGN_IN, 403, 403, 403, 403, 403, 302, 302, 302, 403)),
    post(
        "admin.deactivate",
        lambda s, r: Call(f"/admin/people/{_moldovan_assessor(r, active=True)}/deactivate"),
        (SIGN_IN, 403, 403, 403, 403, 403, 302, 404, 302, 403),
    ),
    post(
        "admin.add_role_to",
        lambda s, r: Call(
            f"/admin/people/{_moldovan_assessor(r, active=True)}/roles", {"role": "coordinator", "regions": ["MD-BA"]}
        ),
        (SIGN_IN, 403, 403, 403, 403, 403, 302, 404, 302, 403),
    ),
    post("admin.remove_role_of", _remove_role, (SIGN_IN, 403, 403, 403, 403, 403, 302, 404, 302, 403)),
    post(
        "admin.reactivate",
        lambda s, r: Call(f"/admin/people/{_moldovan_assessor(r, active=False)}/reactivate"),
        (SIGN_IN, 403, 403, 403, 403, 403, 302, 404, 302, 403),
    ),
]

# The assessors' quality (issue 32): its rows live beside its tests.
from tests.assessor_quality.proof.rows import QUALITY_READS, QUALITY_WRITES  # noqa: E402

READS.extend(QUALITY_READS)
WRITES.extend(QUALITY_WRITES)

# The surveys (issue 29): their rows live beside their tests.
from tests.surveys.proof_rows import SURVEY_READS, SURVEY_WRITES  # noqa: E402

READS.extend(SURVEY_READS)
WRITES.extend(SURVEY_WRITES)

# School networks (issue 31): their rows live beside their tests.
from tests.networks.proof_rows import NETWORK_READS, NETWORK_WRITES  # noqa: E402

READS.extend(NETWORK_READS)
WRITES.extend(NETWORK_WRITES)
