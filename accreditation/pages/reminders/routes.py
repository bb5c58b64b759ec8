"""The page where a signed-in person sees the reminders sent to them."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from accreditation.reminders.reads import reminders_sent_to

bp = Blueprint("reminders", __name__)


@bp.get("/reminders")
@login_required
def mine():
    return render_template("reminders/mine.html", reminders=reminders_sent_to(current_user))
