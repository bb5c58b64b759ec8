"""Forms of the review pages. They check shape only; the operations check meaning (and say why)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from accreditation.request_limits import MAX_ID


class JudgmentForm(FlaskForm):
    verdict = StringField(_l("Your judgment"), validators=[InputRequired(), Length(max=20)])
    level = IntegerField(_l("Level"), validators=[Optional()])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=10_000)])
    gap = StringField(_l("Gap"), validators=[Optional(), Length(max=20)])
    based_on = IntegerField(validators=[Optional(), NumberRange(min=0)])  # the revision the page showed


class DecisionForm(FlaskForm):
    """Every decision's fields; each decision reads the ones it takes."""

    expected_version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=10_000)])
    level = StringField(_l("Level"), validators=[Optional(), Length(max=40)])
    day = DateField(_l("Date"), validators=[Optional()])
    at = TimeField(_l("Starts at"), validators=[Optional()])
    minutes = IntegerField(_l("Duration in minutes"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=500)])
    # Ticked to confirm a decision that ends the application (deciding against any award); see decisions.reject.
    understood = BooleanField(_l("I understand that this ends the application and cannot be undone."))


class DeclareConflictForm(FlaskForm):
    country = StringField(_l("Country"), validators=[InputRequired(), Length(max=2)])
    national_id = StringField(_l("The school's national identifier"), validators=[InputRequired(), Length(max=40)])
    kind = StringField(_l("Kind"), validators=[InputRequired(), Length(max=20)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2_000)])


class WithdrawConflictForm(FlaskForm):
    """The reason is checked by review.conflicts.withdraw_conflict (a message on the application page)."""

    note = TextAreaField(_l("Reason for withdrawing it (recorded in error)"), validators=[Optional()])


class RecordConflictForm(FlaskForm):
    assessor_id = IntegerField(_l("Assessor"), validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    kind = StringField(_l("Kind"), validators=[InputRequired(), Length(max=20)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2_000)])
