"""The desk-review renewal: a renewal whose school is in good standing may be decided without a site visit.

The programme says so in its data: ``between_awards.health_check.desk_review_renewal: true``, and an award event
from the review state (no visit) guarded by ``desk_review_allowed`` (CISS: ``certify_by_desk_review`` from
``under_review``). The guard passes only for a renewal, a later cycle whose previous award's latest yearly health
check found the school in good standing (``health.renewal_route``); any other application is told to schedule the
visit, so the full route stays the default."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.applications.guards import GuardContext
from accreditation.compliance.health import DESK_REVIEW, renewal_route
from accreditation.extensions import db
from accreditation.joints import Joints
from accreditation.models import Application
from workflows import Registry

GUARD = "desk_review_allowed"


def previous_award(application: Application) -> Application | None:
    """The school's latest awarded earlier cycle of the same programme (what this application renews)."""
    query = (
        select(Application)
        .where(
            Application.school_id == application.school_id,
            Application.programme_code == application.programme_code,
            Application.cycle < application.cycle,
            Application.awarded_at.is_not(None),
        )
        .order_by(Application.cycle.desc())
        .limit(1)
    )
    return db.session.scalars(query).first()


def is_desk_review(application: Application) -> bool:
    """Whether ``application`` is a renewal that may be decided by desk review (no visit)."""
    previous = previous_award(application)
    return previous is not None and renewal_route(previous) == DESK_REVIEW


def desk_review_allowed(context: GuardContext) -> list[str]:
    """The guard: a reason unless the application renews an award whose latest health check found good standing."""
    if previous_award(context.application) is None:
        return [_("A decision without a visit is only for the renewal of an award: schedule the site visit.")]
    if not is_desk_review(context.application):
        return [
            _(
                "The school's latest yearly health check does not show good standing, so its renewal needs a site "
                "visit: schedule the visit."
            )
        ]
    return []


def register_guard(registry: Registry) -> None:
    registry.guard(GUARD)(desk_review_allowed)


def register(joints: Joints) -> None:
    joints.registrars.append(register_guard)
