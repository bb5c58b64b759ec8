"""A school's choice to appear on the public list of certified schools (while it is certified)."""

from __future__ import annotations

from flask_babel import gettext as _

from accreditation.access import can_administer_school
from accreditation.applications.errors import NotPermitted
from accreditation.extensions import db
from accreditation.models import School, User


def set_public_listing(school: School, listed: bool, actor: User) -> School:
    """Only the school's admins decide; flushes, the caller commits."""
    if not can_administer_school(actor, school):
        raise NotPermitted(_("Only the school’s administrators decide whether it is listed publicly."))
    school.listed_publicly = listed
    db.session.flush()
    return school
