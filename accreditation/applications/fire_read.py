"""fire()'s read (issue 27): one prebuilt statement per kind of actor reads the application afresh with what the
role check needs (its school; for an assessor, its assignments, in the same statement), instead of building
``Session.get``'s options on every call and lazy-loading the assignments afterwards. Modules and the rest load only
when a guard reads them."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from accreditation.applications.errors import ApplicationNotFound, NotYours
from accreditation.applications.permissions import actor_roles
from accreditation.extensions import db
from accreditation.models import Application, User

_BY_ID = select(Application).where(Application.id == bindparam("application_id"))
FOR_OTHERS = _BY_ID.options(joinedload(Application.school)).execution_options(populate_existing=True)
FOR_ASSESSORS = _BY_ID.options(joinedload(Application.school), joinedload(Application.assessors)).execution_options(
    populate_existing=True
)


def application_for_fire(application_id: int, actor: User | None) -> tuple[Application, frozenset[str]]:
    """The application as stored now (the session's copy refreshed) and ``actor``'s roles on it:
    ApplicationNotFound / NotYours as ``permissions.application_for``."""
    statement = FOR_ASSESSORS if actor is not None and actor.is_assessor else FOR_OTHERS
    application = db.session.execute(statement, {"application_id": application_id}).unique().scalar_one_or_none()
    if application is None:
        raise ApplicationNotFound(application_id)
    roles = actor_roles(actor, application)
    if not roles:
        raise NotYours(application_id)
    return application, roles
