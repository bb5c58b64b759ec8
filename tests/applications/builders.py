"""Builders for the application tests: start applications, assign assessors, stand in for later evidence."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.accounts.users import find_user_by_email
from accreditation.applications import commit_and_relay, complete_module, fire, start_application
from accreditation.applications.evidence import Results
from accreditation.applications.modules import modules_of
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application, OutboxJob, School, TransitionRecord, User
from accreditation.review.assignment import assign_assessor
from tests.builders import World

LONG_COMMENT = "We answered every criterion with our policy, training records and the pupils' survey results."


def person(email: str) -> User:
    user = find_user_by_email(email)
    assert user is not None, email
    return user


def start(world: World, programme: str = "ciss", school: str = "a") -> int:
    """A new application of ``programme`` for school a or b, started by its admin and committed."""
    school_id = world.school_a if school == "a" else world.school_b
    admin = person(world.emails[f"school_admin_{school}"])
    application = start_application(db.session.get(School, school_id), programme, admin)
    commit_and_relay()
    return application.id


def assign(application_id: int, assessor_email: str, role: str = "lead", by: str = "coord.md@example.org") -> None:
    assign_assessor(application_id, person(assessor_email).id, role, person(by))
    db.session.commit()


def complete_modules(application_id: int, email: str) -> None:
    for module in modules_of(current_workflows().programme("ciss")):
        complete_module(application_id, module.code, person(email))
    db.session.commit()


def fire_as(application_id: int, event: str, email: str | None, **data) -> TransitionRecord:
    """Fire, commit and relay, as the user with ``email`` (None: the system). A decision's event is fired as its
    operation would fire it, without the operation's record: these builders only set a state up (the decisions
    themselves are tested through their operations, in tests/review)."""
    record = fire(
        application_id, event, person(email) if email else None, data, decision=decision_of(application_id, event)
    )
    commit_and_relay()
    return record


def decision_of(application_id: int, event: str) -> str | None:
    """The decision ``event`` makes in the application's programme (None: a plain event)."""
    programme_code = db.session.get(Application, application_id).programme_code
    return current_workflows().programme(programme_code).event(event).decision


def application(application_id: int) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application_id)


def records(application_id: int) -> list[TransitionRecord]:
    query = select(TransitionRecord).where(TransitionRecord.application_id == application_id)
    return list(db.session.scalars(query.order_by(TransitionRecord.version)).all())


def jobs(application_id: int | None = None) -> list[OutboxJob]:
    query = select(OutboxJob).order_by(OutboxJob.id)
    if application_id is not None:
        query = query.where(OutboxJob.application_id == application_id)
    return list(db.session.scalars(query).all())


SECOND_ASSESSOR = "second@example.org"


def add_second_assessor(email: str = SECOND_ASSESSOR, name: str = "Sofia Second") -> User:
    """A second assessor covering MD and UA in Romanian and Ukrainian (the world has one), committed."""
    from accreditation.accounts.users import create_user
    from tests.builders import PASSWORD

    user = create_user(email, name, "assessor", PASSWORD, countries=["MD", "UA"], languages=["ro", "uk"])
    db.session.commit()
    return user


class CompleteEvidence:
    """Stands in for the self-assessment, documents and review of issues 4 and 5: all complete, with results
    that recommend the middle levels (ciss: established, esafety-label: silver, the third programme's badge)."""

    def __init__(self, share_at_benchmark: float = 0.8, review_score: float = 2.8) -> None:
        self.figures = Results(share_at_benchmark, review_score)

    def unanswered_criteria(self, application: Application) -> list[str]:
        return []

    def missing_documents(self, application: Application) -> list[str]:
        return []

    def short_commentaries(self, application: Application) -> list[str]:
        return []

    def unjudged_criteria(self, application: Application) -> list[str]:
        return []

    def results(self, application: Application) -> Results:
        return self.figures
