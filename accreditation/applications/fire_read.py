"""fire()'s read (issue 27): one prebuilt statement (``accreditation.prebuilt``) per kind of actor reads, as stored
now, what fire() and the role check need of the application: its columns that a step reads, its school's place and,
for an assessor, whether they are assigned to it (an EXISTS in the same statement). No ORM ``Application`` is built
for it: the entity is loaded (``FireRead.entity``) only when something in the step reads it (a guard, the evidence, an
action run in the transaction), and a copy the session holds is brought to the new state after the write
(``FireRead.written``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from accreditation.applications.errors import ApplicationNotFound, NotYours
from accreditation.applications.permissions import checks_assignment, roles_on
from accreditation.extensions import db
from accreditation.models import Application, ApplicationAssessor, School, User
from accreditation.prebuilt import Prebuilt

_COLUMNS = (
    Application.id,
    Application.programme_code,
    Application.state,
    Application.version,
    Application.state_entered_at,
    Application.school_id,
    School.country_code,
    School.region_code,
)
_ASSIGNED = (
    exists()
    .where(ApplicationAssessor.application_id == Application.id, ApplicationAssessor.user_id == bindparam("actor_id"))
    .label("assigned")
)
_WHERE = Application.id == bindparam("application_id")
FOR_OTHERS = Prebuilt(select(*_COLUMNS).join(School, School.id == Application.school_id).where(_WHERE))
FOR_ASSESSORS = Prebuilt(select(*_COLUMNS, _ASSIGNED).join(School, School.id == Application.school_id).where(_WHERE))
ENTITY = (
    select(Application)
    .where(_WHERE)
    .options(joinedload(Application.school), joinedload(Application.assessors))
    .execution_options(populate_existing=True)
)


class FireRead:
    """The application as fire() read it (the columns of ``_COLUMNS``), and its ORM entity on demand."""

    __slots__ = (
        "id",
        "programme_code",
        "state",
        "version",
        "state_entered_at",
        "school_id",
        "country_code",
        "region_code",
        "_entity",
    )

    def __init__(self, row: Any) -> None:
        (
            self.id,
            self.programme_code,
            self.state,
            self.version,
            self.state_entered_at,
            self.school_id,
            self.country_code,
            self.region_code,
        ) = row[:8]
        self._entity: Application | None = None

    id: int
    programme_code: str
    state: str
    version: int
    state_entered_at: datetime
    school_id: int
    country_code: str
    region_code: str

    def entity(self) -> Application:
        """The ORM application, as stored now, once per fire: loaded afresh (the session's copy refreshed) with its
        school and assignments, which the guards that read the entity mostly read (one prebuilt statement)."""
        if self._entity is None:
            self._entity = db.session.execute(ENTITY, {"application_id": self.id}).unique().scalar_one()
        return self._entity

    def written(self, changes: Mapping[str, Any]) -> None:
        """After the write: the session's copy of the application (if it holds one) shows ``changes`` (the new
        state and version), without a query when it was at the version read; a copy at another version is
        expired (it reloads when next read)."""
        session = db.session()
        copy = self._entity or session.identity_map.get(_identity(self.id))
        if copy is None:
            return
        if copy.__dict__.get("version") == self.version:
            for name, value in changes.items():
                set_committed_value(copy, name, value)
        else:
            session.expire(copy)


def _identity(application_id: int) -> tuple:
    return (Application, (application_id,), None)


def application_for_fire(application_id: int, actor: User | None) -> tuple[FireRead, frozenset[str]]:
    """The application as stored now and ``actor``'s roles on it (``permissions.roles_on``, the rule of
    ``actor_roles``): ApplicationNotFound / NotYours as ``permissions.application_for``. Changes the session holds
    are flushed first (as an ORM query would), so the read sees them."""
    session = db.session()
    if session.autoflush:
        session.flush()  # nothing to do (and no statement) when the session is clean
    assessor = checks_assignment(actor)
    if assessor:
        rows = FOR_ASSESSORS.rows(session.connection(), {"application_id": application_id, "actor_id": actor.id})
    else:
        rows = FOR_OTHERS.rows(session.connection(), {"application_id": application_id})
    if not rows:
        raise ApplicationNotFound(application_id)
    read = FireRead(rows[0])
    assigned = assessor and bool(rows[0][len(_COLUMNS)])  # FOR_ASSESSORS's column after _COLUMNS
    roles = roles_on(actor, read.school_id, read.country_code, read.region_code, assigned)
    if not roles:
        raise NotYours(application_id)
    return read, roles
