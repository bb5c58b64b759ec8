"""Who may make the coordinators' calls of the API: coordinators and admins (the pages'
``roles_required(COORDINATOR, ADMIN)``)."""

from __future__ import annotations

from flask_babel import gettext as _

from accreditation.api.auth import caller
from accreditation.applications import NotPermitted
from accreditation.models import User


class CoordinatorsOnly(NotPermitted):
    """The call is for coordinators and admins (the pages' ``roles_required(COORDINATOR, ADMIN)``)."""

    def __init__(self) -> None:
        super().__init__(_("Only coordinators and admins may do this."))


def coordinator() -> User:
    """The caller, when they are a coordinator or an admin (CoordinatorsOnly otherwise)."""
    user = caller()
    if not (user.is_admin or user.is_coordinator):
        raise CoordinatorsOnly()
    return user
