"""The form that opens a survey window."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import CheckboxInput, ListWidget


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OpenWindowForm(FlaskForm):
    programme = SelectField(_l("Programme"), validators=[DataRequired()])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired()])
    audiences = CheckboxesField(_l("Who to ask"), validators=[DataRequired(_l("Choose at least one group."))])
    languages = CheckboxesField(_l("Languages"), validators=[DataRequired(_l("Choose at least one language."))])
