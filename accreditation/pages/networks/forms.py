"""The networks' forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length


class NetworkForm(FlaskForm):
    name = StringField(
        _l("Name of the network"), validators=[DataRequired(_l("Give the network a name.")), Length(max=200)]
    )
    country = SelectField(_l("Country"), validators=[DataRequired()])


class RegionForm(FlaskForm):
    region = SelectField(_l("Every school of the region"), validators=[DataRequired()])


class CsvForm(FlaskForm):
    content = TextAreaField(
        _l("National ids, one a line (or a CSV with a national_id column)"),
        validators=[DataRequired(_l("Paste at least one national id.")), Length(max=500_000)],
    )


class LeadForm(FlaskForm):
    email = EmailField(_l("E-mail address of the lead's account"), validators=[DataRequired(), Email()])


class MessageForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(_l("Write a subject.")), Length(max=200)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(_l("Write the message.")), Length(max=10_000)])


class ShareForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Please choose a file to upload."))])
    title = StringField(
        _l("Title the schools will see"),
        validators=[DataRequired(_l("Give the document a title.")), Length(max=200)],
    )


class WithdrawForm(FlaskForm):
    understood = BooleanField(
        _l("I understand: the schools no longer see it; the copies they adopted stay theirs."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class AdoptForm(FlaskForm):
    """Only its CSRF token: the document adopted is in the address."""
