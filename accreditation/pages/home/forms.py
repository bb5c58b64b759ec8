"""Forms of the home pages: a person's preferences, and the language choice of any visitor."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import AnyOf, InputRequired, Length

from accreditation.i18n import whereabouts_of


@cache
def time_zones() -> tuple[str, ...]:
    """The time zones a person may choose, read once per process (``available_timezones`` walks the time zone
    database on disk at every call: about 30 ms a page)."""
    return tuple(sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC"))


class PreferencesForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[], validators=[Length(max=8)])
    # Empty: automatic, the zone of where the person works (accreditation.geography.zones), else UTC.
    timezone = SelectField(_l("Time zone"), choices=[], validators=[Length(max=64)])

    def fill_choices(self, languages: dict[str, str]) -> None:
        self.language.choices = [("", _l("Automatic (your school’s language, else your browser’s)"))]
        self.language.choices += list(languages.items())
        where = whereabouts_of(current_user).zone
        automatic = (
            _("Automatic: the time zone where you work (%(zone)s)", zone=where)
            if where
            else _("Automatic: UTC, until we know where you work")
        )
        self.timezone.choices = [("", automatic)] + [(zone, zone) for zone in time_zones()]


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[], validators=[InputRequired()])
    next = HiddenField(validators=[Length(max=500)])

    def fill_choices(self, languages: dict[str, str]) -> None:
        self.language.choices = list(languages.items())
        self.language.validators = [InputRequired(), AnyOf(list(languages))]
