"""Forms of the assessor-quality pages: shape only (and CSRF); the operations check meaning."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

SAMPLE = "sample:"
MARK_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ExerciseForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    # a past submission's snapshot id, or SAMPLE + the code of a calibration sample shipped with a programme
    snapshot = SelectField(_l("Past submission"), validators=[InputRequired()])
    assessors = SelectMultipleField(_l("Assessors to invite"), coerce=int)


class PlainForm(FlaskForm):
    """A form whose fields the page draws itself (the levels per criterion): the CSRF token only."""


class ReadingForm(FlaskForm):
    verdict = RadioField(
        _l("Your reading"),
        choices=[("agree", _l("I agree: carry it out")), ("disagree", _l("I disagree: send it to the coordinator"))],
        validators=[InputRequired()],
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5_000)])


class SettlementForm(FlaskForm):
    outcome = RadioField(
        _l("Your settlement"),
        choices=[("uphold", _l("Uphold the decision")), ("overturn", _l("Overturn it: the lead decides again"))],
        validators=[InputRequired()],
    )
    note = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=5_000)])


class ModeratorForm(FlaskForm):
    assessor = IntegerField(_l("Second assessor"), validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])


class AccreditForm(FlaskForm):
    programme = StringField(_l("Programme"), validators=[InputRequired(), Length(max=60)])
    note = TextAreaField(_l("Why"), validators=[Optional(), Length(max=2_000)])


class FeedbackForm(FlaskForm):
    clarity = RadioField(_l("How clear was the assessor's feedback?"), choices=MARK_CHOICES, validators=[Optional()])
    fairness = RadioField(_l("How fair was the assessment?"), choices=MARK_CHOICES, validators=[Optional()])
    helpfulness = RadioField(
        _l("How helpful was it for your next steps?"), choices=MARK_CHOICES, validators=[Optional()]
    )
