"""Forms of the home pages: a person's preferences, and the language choice of any visitor."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import AnyOf, InputRequired, Length


class PreferencesForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[], validators=[Length(max=8)])
    timezone = SelectField(_l("Time zone"), choices=[], validators=[InputRequired(), Length(max=64)])

    def fill_choices(self, languages: dict[str, str]) -> None:
        self.language.choices = [("", _l("Automatic (your school’s language, else your browser’s)"))]
        self.language.choices += list(languages.items())
        self.timezone.choices = [(zone, zone) for zone in sorted(available_timezones()) if "/" in zone or zone == "UTC"]


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[], validators=[InputRequired()])
    next = HiddenField(validators=[Length(max=500)])

    def fill_choices(self, languages: dict[str, str]) -> None:
        self.language.choices = list(languages.items())
        self.language.validators = [InputRequired(), AnyOf(list(languages))]
