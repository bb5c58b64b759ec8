"""Closing a survey window before its last day (its admins): answers stop at once, and the results and the free
text become visible to the school as for any closed window."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _

from accreditation.access import can_administer_school
from accreditation.models import School, SurveyWindow, User
from accreditation.surveys.errors import SurveyError
from accreditation.surveys.windows import has_closed, today, window_of


class AlreadyClosed(SurveyError):
    status = 409


def close_window(actor: User, school: School, window_id: int) -> SurveyWindow:
    """Close the window now: its last day becomes yesterday (a window that had not opened yet never opens).
    Refused (SurveyError) unless the actor administers the school and the window is still open or to come."""
    if not can_administer_school(actor, school):
        raise SurveyError(_("Only the school's administrators can close a survey."))
    window = window_of(school, window_id)
    if has_closed(window):
        raise AlreadyClosed(_("This survey has already closed."))
    yesterday = today() - timedelta(days=1)
    window.closes_on = yesterday
    window.opens_on = min(window.opens_on, yesterday)
    return window
