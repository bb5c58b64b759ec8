"""The form that asks for a yearly report."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired


class ReportForm(FlaskForm):
    programme = SelectField(_l("Programme"), validators=[DataRequired()])
    place = SelectField(_l("Country or region"), validators=[DataRequired()])
    year = StringField(_l("Year"), validators=[DataRequired(_l("Type a year from 2000 to this year."))])
    language = SelectField(_l("Language of the report"), validators=[DataRequired()])
    submit = SubmitField(_l("Make the report"))
