"""Builders for the proof tests: one scene in which every route has something real to point at (an application
under review with a snapshot, judgments and a site visit, one in its self-assessment with a document, a
certificate, an invitation, an onboarding job), and a client per role signed in through the real form.

The scene extends the API's (``tests.api.builders.Scene``: school A's CISS application at its site visit, its
eSafety Label application in its self-assessment, the world's assessor assigned to both), built here through the
real self-assessment and review instead of the stand-in evidence, so the API's permission table runs in it too."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, time, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from accreditation.accounts.invitations import invite
from accreditation.accounts.password_reset import make_reset_token
from accreditation.accounts.users import create_user
from accreditation.applications import commit_and_relay
from accreditation.applications.modules import modules_of
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.answers import AnswerInput, save_answers
from accreditation.assessment.documents import Upload, upload_document
from accreditation.certificates.codes import code_for
from accreditation.extensions import db
from accreditation.models import Certificate, School, User
from accreditation.models.certificate import CertificateKind
from accreditation.onboarding.operations import create_job
from accreditation.review import decisions
from accreditation.review.visits import VisitInput
from tests.api.builders import ROLES, Scene, add_lead_network
from tests.applications.builders import assign, fire_as, person, start
from tests.assessment.builders import GOOD_COMMENTARY, HEAD_A, PDF, framework_of, ready_for_answers
from tests.builders import PASSWORD, World, csrf_token
from tests.certificates.builders import run_jobs
from tests.review.builders import COORDINATOR, LEAD, criteria, judge_all, under_review, version

ONBOARDING_CSV = "national_id,name,country,region,language,type\nMD-3001,Liceul Nou,MD,MD-BA,ro,primary\n"


@dataclass
class ProofScene(Scene):
    """The API's scene, and the ids and codes of everything else a route's path can name."""

    criterion: str = ""  # a criterion of the CISS application's snapshot (the one under review)
    esafety_criterion: str = ""  # a criterion of the eSafety Label self-assessment
    module: str = ""  # a CISS module
    document: int = 0  # a document of the eSafety Label application
    file: int = 0  # that document's file
    certificate: int = 0  # school A's certificate of commitment (CISS)
    code: str = ""  # its public verification code
    invitation: int = 0  # a pending invitation of school A
    job: int = 0  # an onboarding job uploaded by the coordinator of Moldova
    action: str = ""  # an action of the eSafety Label action plan
    assessor: int = 0  # the assessor assigned to both applications (assessing in Moldova and Ukraine)


def build_proof_scene(world: World) -> ProofScene:
    """The scene; needs the tokens fixture of the API tests (its second assessor). Commits."""
    ciss = under_review(world, "ciss")
    judge_all(ciss)
    visit = VisitInput(date.today() + timedelta(days=10), time(9, 30), 180, "Main building, room 12")
    decisions.schedule_visit(ciss, person(LEAD), visit, "", version(ciss))
    commit_and_relay()
    run_jobs(ciss, "issue_commitment_certificate")
    certificate = db.session.scalar(
        select(Certificate).where(
            Certificate.application_id == ciss, Certificate.kind == CertificateKind.INTERMEDIATE.value
        )
    )
    assert certificate is not None, "no certificate of commitment"

    esafety = ready_for_answers(world, "esafety-label")
    assign(esafety, LEAD)
    framework = framework_of("esafety-label")
    first = framework.criteria[0]
    save_answers(esafety, person(HEAD_A), [AnswerInput(first.code, first.benchmark, GOOD_COMMENTARY, 0)])
    kind = next(iter(framework.documents))
    file = upload_document(esafety, person(HEAD_A), Upload(PDF, "policy.pdf"), kind=kind)
    db.session.commit()

    school_a = db.session.get(School, world.school_a)
    invitation, _token = invite(school_a, person(HEAD_A), "invitee.a@example.org")
    job = create_job(person(COORDINATOR), "schools.csv", ONBOARDING_CSV.encode(), False)
    add_lead_network(world)
    db.session.commit()

    for user in db.session.scalars(select(User)):
        user.language = "en"  # every role reads the pages in English, whatever its school's language
    scene = ProofScene(
        world=world,
        ciss=ciss,
        esafety=esafety,
        criterion=criteria(ciss)[0].code,
        esafety_criterion=first.code,
        module=modules_of(current_workflows().programme("ciss"))[0].code,
        document=file.document_id,
        file=file.id,
        certificate=certificate.id,
        code=code_for(certificate.verification_id),
        invitation=invitation.id,
        job=job.id,
        action=next(a.key for c in framework.criteria for a in c.actions),
        assessor=person(LEAD).id,
    )
    db.session.commit()
    return scene


# --- per-role things a request needs (made fresh for each role, so one role's success does not change the next's) ---


def new_invitation_token(world: World, email: str) -> str:
    """A pending invitation of school A for ``email`` (no account yet); its token. Commits."""
    _invitation, token = invite(db.session.get(School, world.school_a), person(HEAD_A), email)
    db.session.commit()
    return token


def new_reset_token(world: World, email: str) -> str:
    """A school staff account of school B for ``email``, and a password link for it. Commits."""
    user = create_user(email, "Reset Person", "school-staff", PASSWORD, school_id=world.school_b)
    db.session.commit()
    return make_reset_token(user)


def start_ciss_again(scene: ProofScene) -> None:
    """School A withdraws its CISS application and starts a new one, admitted (the modules are open)."""
    fire_as(scene.ciss, "withdraw", HEAD_A)
    scene.ciss = start(scene.world, "ciss")
    fire_as(scene.ciss, "accept", COORDINATOR)


def withdraw_esafety(scene: ProofScene) -> None:
    fire_as(scene.esafety, "withdraw", HEAD_A)


def unique(role: str) -> str:
    return f"{role.replace('_', '-')}-{secrets.token_hex(3)}"


# --- clients ---------------------------------------------------------------------------------------------------------


class RoleClients:
    """A test client per role, signed in through the sign-in form (the anonymous one is not), with its CSRF token."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.clients: dict[str, FlaskClient] = {}

    def __getitem__(self, role: str) -> FlaskClient:
        if role not in self.clients:
            client = self.app.test_client()
            email = ROLES[role]
            if email is not None:
                page = client.get("/sign-in")
                response = client.post(
                    "/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(page.text)}
                )
                assert response.status_code == 302, (role, response.status_code)
            self.clients[role] = client
        return self.clients[role]

    def token(self, role: str) -> str:
        """A CSRF token of the role's session (from a page with a form, whoever is signed in)."""
        return token_of(self[role])


def token_of(client: FlaskClient) -> str:
    page = client.get("/forgot-password")
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert match, page.status_code
    return match.group(1)


# --- one scene, built once, restored for each test ------------------------------------------------------------------


@dataclass
class Recording:
    """The scene, the API tokens, and every table's rows as they were when it was built."""

    scene: ProofScene
    tokens: dict[str, str | None]
    rows: dict[str, list[dict]]
    fresh: bool = True  # the tables still hold the scene (nothing has run since it was built)


def record_tables() -> dict[str, list[dict]]:
    return {
        table.name: [dict(row) for row in db.session.execute(table.select()).mappings()]
        for table in db.metadata.sorted_tables
    }


def restore_tables(rows: dict[str, list[dict]]) -> None:
    """Put the recorded rows back into the (emptied) tables, and move PostgreSQL's id sequences past them."""
    with db.engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if rows[table.name]:
                connection.execute(table.insert(), rows[table.name])
        if connection.dialect.name == "postgresql":
            for table in db.metadata.sorted_tables:
                if "id" in table.c and table.c.id.primary_key:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE(MAX(id), 0) + 1, false) FROM {table.name}"
                        )
                    )
