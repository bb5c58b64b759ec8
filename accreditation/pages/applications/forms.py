"""Forms of the application pages. They check shape only; the operations check meaning (and say why)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from accreditation.request_limits import MAX_ID


class FireEventForm(FlaskForm):
    """One event's form: the version the page showed, and whatever data the event takes."""

    expected_version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=10_000)])
    date = StringField(_l("Date"), validators=[Optional(), Length(max=32)])
    level = StringField(_l("Level"), validators=[Optional(), Length(max=40)])
    items = TextAreaField(_l("What needs to change (one item per line)"), validators=[Optional(), Length(max=20_000)])
    # Ticked to confirm an event that ends the application (withdraw, decline, revoke); see fire_event.
    understood = BooleanField(_l("I understand that this ends the application and cannot be undone."))
    # Ticked to send a self-assessment back with points the assessor raised left unchanged; see fire_event.
    send_as_is = BooleanField(_l("Send it as it is: I have looked at every point the assessor raised."))

    def event_data(self) -> dict[str, Any]:
        return {
            "comment": self.comment.data,
            "date": self.date.data,
            "level": self.level.data,
            "items": self.items.data,
        }


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token (join a programme, mark a module complete)."""

    confirm = HiddenField(default="1")


class AssignAssessorForm(FlaskForm):
    assessor_id = IntegerField(_l("Assessor"), validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    role = StringField(_l("As"), validators=[InputRequired(), AnyOf(["lead", "moderator"])])
