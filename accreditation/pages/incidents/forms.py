"""Forms of the incident log's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from accreditation.incidents.log import INVOLVED_TITLES


class IncidentForm(FlaskForm):
    category = SelectField(_l("What happened"), validators=[DataRequired()])
    occurred_on = DateField(_l("When"), validators=[DataRequired()])
    involved = SelectMultipleField(
        _l("Who was involved (by role only)"),
        choices=list(INVOLVED_TITLES.items()),
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],
    )
    description = TextAreaField(_l("What happened, without names"), validators=[Length(max=5000)])
    action_taken = TextAreaField(_l("What the school did"), validators=[Length(max=5000)])
    referral = SelectField(_l("Referred to"), validators=[Optional()])


class CountFiltersForm(FlaskForm):
    class Meta:
        csrf = False  # a filter in the address, it changes nothing

    country = SelectField(_l("Country"), validators=[Optional()])
    year = SelectField(_l("Year"), validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
