"""A school's explicit opt-in to the public page of certified schools by region (``/certified/<programme>/regions``,
a list and a map): off until one of its admins turns it on."""

from __future__ import annotations

from flask_babel import gettext as _

from accreditation.access import can_administer_school
from accreditation.applications.errors import NotPermitted
from accreditation.extensions import db
from accreditation.models import School, User


def set_regions_page(school: School, shown: bool, actor: User) -> School:
    """Only the school's admins decide; flushes, the caller commits."""
    if not can_administer_school(actor, school):
        raise NotPermitted(_("Only the school’s administrators decide whether it is shown on the page by region."))
    school.on_regions_page = shown
    db.session.flush()
    return school
