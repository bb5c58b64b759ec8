"""Languages: which locale a request (or an e-mail) is written in, the text direction of that locale, dates and
numbers in it, and the message catalogues.

Strings in code are marked with ``flask_babel.gettext`` / ``lazy_gettext`` (imported as ``_`` / ``_l``) and in
templates with ``_()``. The catalogues are ``accreditation/translations/<locale>/LC_MESSAGES/messages.po``; the
application compiles them itself when it starts (into the instance folder), so there is no separate build step.

The locale of a page: the person's own choice (``User.language``, or the choice an anonymous visitor made, kept in
the session), else the language of their school when the programme speaks it, else the browser's
``Accept-Language``, else English. E-mails use ``language_of(user)``: the same order without the browser.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.localedata import locale_identifiers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import Babel
from flask_babel import gettext as translate
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from accreditation import request_locale
from accreditation.collation import sort_key
from accreditation.joints import EXTENSION_KEY
from workflows import texts as workflows_texts

DEFAULT_LOCALE = "en"
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "ru", "uk", "ro", "be")
# Each interface language named in itself. A language whose catalogue is not there yet speaks English.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "uk": "Українська", "ro": "Română", "be": "Беларуская"}
CATALOGUES = Path(__file__).resolve().parent / "translations"
SESSION_KEY = "language"

babel = Babel()


def supported_locales() -> tuple[str, ...]:
    return tuple(current_app.config.get("SUPPORTED_LOCALES", SUPPORTED_LOCALES))


def language_of(user: object | None) -> str:
    """The language to write to ``user`` in (e-mails, PDFs made for them): their choice, else their school's
    language when supported, else English."""
    supported = supported_locales()
    chosen = getattr(user, "language", None)
    if chosen in supported:
        return chosen
    for membership in getattr(user, "memberships", None) or []:
        school = getattr(membership, "school_summary", None) or membership.school  # a Principal's, else the ORM's
        if school is not None and school.language in supported:
            return school.language
    return DEFAULT_LOCALE


def language_of_school(school: object | None) -> str:
    """The language to write to someone known only through a school (an invitee without an account): the school's
    language when supported, else English."""
    language = getattr(school, "language", None)
    return language if language in supported_locales() else DEFAULT_LOCALE


def select_locale() -> str:
    """The locale of the current request: a JSON API call's ``Accept-Language`` first (a program states the
    language it wants on every call), else the person's own choice, the session's, the browser's."""
    supported = supported_locales()
    if has_request_context() and request.blueprint == "api" and request.headers.get("Accept-Language"):
        best = request.accept_languages.best_match(supported)
        if best:
            return best
    user = current_user if has_request_context() else None
    if user is not None and getattr(user, "is_authenticated", False):
        chosen = language_of(user)
        if user.language in supported or chosen != DEFAULT_LOCALE:
            return chosen
    if has_request_context():
        if session.get(SESSION_KEY) in supported:
            return session[SESSION_KEY]
        best = request.accept_languages.best_match(supported)
        if best:
            return best
    return DEFAULT_LOCALE


@cache
def _parsed(identifier: str) -> Locale | None:
    """Babel's ``Locale`` of ``identifier`` ("ro_MD", "uk-UA"), parsed once per process; None when unknown."""
    try:
        return Locale.parse(identifier.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def text_direction(locale: str) -> str:
    """``rtl`` for a locale written right to left (Arabic, Hebrew, Persian, Urdu…), per Babel's locale data."""
    parsed = _parsed(locale)
    return parsed.text_direction if parsed is not None else "ltr"


def language_names() -> dict[str, str]:
    """Each supported language, named in itself (what a reader of that language looks for in a list), in the
    current language's alphabetical order."""
    return dict(_language_names(supported_locales(), current_language() if has_request_context() else DEFAULT_LOCALE))


@cache
def _language_names(supported: tuple[str, ...], language: str) -> dict[str, str]:
    """``language_names`` of these locales in ``language``'s order, computed once per process (the footer's language
    form asked the collation for five sort keys on every page)."""
    names = {}
    for code in supported:
        try:
            names[code] = LANGUAGE_NAMES.get(code) or Locale.parse(code).display_name
        except (UnknownLocaleError, ValueError):
            names[code] = code
    key = sort_key(language)
    return dict(sorted(names.items(), key=lambda item: key(item[1])))


def current_language() -> str:
    """The language of the current request (or of ``force_locale``), e.g. ``uk``."""
    view = request_locale.here()
    return view.language if view is not None else DEFAULT_LOCALE


def local(text: object) -> str:
    """A framework or programme text in the current language (English when it has no translation)."""
    in_ = getattr(text, "in_", None)
    return in_(current_language()) if in_ is not None else ("" if text is None else str(text))


def language_display_name(code: str, fallback: str | None = None) -> str:
    """The name of the language ``code`` in the current language (``ro`` → "Romanian", "румынский" → shown
    "Румынский"), from Babel's locale data; ``fallback`` (or the code) when Babel does not know it."""
    parsed = _parsed(current_language())
    name = parsed.languages.get(code) if parsed is not None else None
    if not name:
        return fallback or code
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Whereabouts:
    """A person's country (ISO 3166-1 alpha-2) and time zone (IANA name), either unknown (None)."""

    country: str | None = None
    zone: str | None = None


def whereabouts_of(user: object | None) -> Whereabouts:
    """Where ``user`` works, as the feature wired in ``Joints.whereabouts`` says (``geography.zones``; i18n
    imports no feature); nothing known without one."""
    joints = current_app.extensions.get(EXTENSION_KEY) if has_app_context() else None
    finder = getattr(joints, "whereabouts", None)
    return finder(user) if finder is not None and user is not None else Whereabouts()


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_name_of(user: object | None) -> str:
    """The time zone ``user`` reads times in: their own choice (``User.timezone``), else the zone of where they
    work (their school's region or country, see ``accreditation.geography.zones``), else UTC."""
    for name in (getattr(user, "timezone", None), whereabouts_of(user).zone):
        if _zone(name) is not None:
            return name
    return "UTC"


@cache
def _known_locales() -> frozenset[str]:
    return frozenset(locale_identifiers())


def date_locale(language: str, country: str | None) -> str:
    """The locale whose conventions write dates and times for a reader of ``language`` in ``country``: the
    language as spoken there when Babel knows it (``ro_MD``, ``ru_UA``), English as written in Europe (day month
    year, 24 hours) for an English reader outside the United States, else the language's own."""
    language = language.replace("-", "_").split("_")[0]
    if country:
        if f"{language}_{country.upper()}" in _known_locales():
            return f"{language}_{country.upper()}"
        if language == "en" and country.upper() != "US":
            return "en_150"
    return language


def _signed_in() -> object | None:
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return current_user
    return None


def _reader() -> tuple[ZoneInfo, str | None]:
    """The signed-in person's zone and country, found once per request (UTC and no country for a visitor)."""
    user = _signed_in()
    if user is None:
        return ZoneInfo("UTC"), None
    found = g.get("_reader_time")
    key = (user.get_id(), user.timezone)
    if found is None or found[0] != key:
        place = whereabouts_of(user)
        found = g._reader_time = (key, ZoneInfo(zone_name_of(user)), place.country)
    return found[1], found[2]


def user_zone() -> ZoneInfo:
    return _reader()[0]


def reader_date_locale() -> str:
    """The locale the current page writes dates in: its language, with the reader's country's conventions."""
    return date_locale(current_language(), _reader()[1])


def written_moment(moment: datetime, zone: ZoneInfo, locale: str | Locale) -> str:
    """``moment`` in ``zone``, written as ``locale`` writes it, with the zone's name: "1 mai 2026, 18:04:05 EEST"."""
    shown = moment.astimezone(zone)
    return f"{format_datetime(shown, 'medium', tzinfo=zone, locale=locale)} {shown.tzname()}"


def in_user_time(moment: datetime | None) -> str:
    """A UTC timestamp in the signed-in person's time zone, written the way their language writes it where they
    work (see ``date_locale``)."""
    if moment is None:
        return "—"
    locale = reader_date_locale()
    return written_moment(moment, user_zone(), _parsed(locale) or locale)


def local_day(moment: date | datetime | None, format: str = "medium") -> Markup:
    """A day (a date, or the day of a timestamp in the reader's time zone) written the way the current language
    writes it, inside a ``<time>`` element that keeps the ISO date for machines:
    ``<time datetime="2026-05-01">1 мая 2026 г.</time>``."""
    if moment is None:
        return Markup("—")
    day = moment.astimezone(user_zone()).date() if isinstance(moment, datetime) else moment
    locale = reader_date_locale()
    return Markup('<time datetime="{}">{}</time>').format(
        day.isoformat(), format_date(day, format, locale=_parsed(locale) or locale)
    )


def local_number(value: float | int | None, digits: int | None = None) -> str:
    """A number with the current language's digit grouping and decimal sign (``12 345,5`` in Russian); with
    ``digits``, exactly that many decimals (``2,80``), as ``'%.2f'`` would give them in English."""
    if value is None:
        return "—"
    locale = request_locale.here()
    pattern = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=locale.locale if locale else DEFAULT_LOCALE)


def local_percent(share: float | None) -> str:
    """A share (0–1) as a percentage in the current language (``75 %`` in Russian, ``75%`` in English)."""
    if share is None:
        return "—"
    locale = request_locale.here()
    return format_percent(share, locale=locale.locale if locale else DEFAULT_LOCALE)


def compile_catalogues(source: Path, target: Path) -> list[str]:
    """Compile every ``<locale>/LC_MESSAGES/messages.po`` under ``source`` into ``target`` when its ``.mo`` is
    missing or older; the locales found. Each file is written to a temporary name and renamed, so processes
    starting together never read half a catalogue."""
    locales = []
    for po_path in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        locale = po_path.parts[-3]
        locales.append(locale)
        mo_path = target / locale / "LC_MESSAGES" / "messages.mo"
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as file:
            catalogue = read_po(file, locale=locale)
        descriptor, temporary = tempfile.mkstemp(dir=mo_path.parent, prefix=".messages-")
        with os.fdopen(descriptor, "wb") as file:
            write_mo(file, catalogue, use_fuzzy=False)
        os.replace(temporary, mo_path)
    return locales


def page_catalogue() -> NullTranslations:
    """The catalogue of the current locale, for the templates' ``_()``: found once per request and locale
    (``request_locale.here()``; ``force_locale`` and ``refresh`` change the locale, and the catalogue with it)."""
    return request_locale.catalogue()


@pass_eval_context
def template_gettext(eval_context: EvalContext, message: str, **variables: object) -> str:
    """The templates' ``_()``: Jinja's new-style gettext (the translation is markup, the variables are escaped into
    it, ``%%`` is a percent sign) in one call. Jinja's own ``_`` reaches it through two context calls and formats
    even a sentence without variables; with about 60 sentences a page, that was a tenth of the review page's
    rendering."""
    translated = request_locale.catalogue().ugettext(message)
    if eval_context.autoescape:
        translated = Markup(translated)
    return translated % variables if variables or "%" in translated else translated


def init_app(app: Flask) -> None:
    app.config.setdefault("SUPPORTED_LOCALES", SUPPORTED_LOCALES)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    compiled = Path(app.instance_path) / "translations"
    compile_catalogues(CATALOGUES, compiled)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(compiled))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: str(user_zone()))
    request_locale.init_app(app, babel)  # each request's catalogue found once
    app.jinja_env.install_gettext_callables(  # as Flask-Babel installs them, through the request's catalogue
        gettext=lambda text: request_locale.catalogue().ugettext(text),
        ngettext=lambda singular, plural, n: request_locale.catalogue().ungettext(singular, plural, n),
        pgettext=lambda context, text: request_locale.catalogue().upgettext(context, text),
        npgettext=lambda context, singular, plural, n: request_locale.catalogue().unpgettext(
            context, singular, plural, n
        ),
        newstyle=True,
    )
    app.jinja_env.globals["_"] = template_gettext  # in place of Jinja's alias, which calls the "gettext" above
    workflows_texts.install(translate, local)  # the engine's sentences and labels in the request's language
    app.add_template_filter(local, "local")
    app.add_template_filter(in_user_time, "in_user_time")
    app.add_template_global(lambda: zone_name_of(_signed_in()), "user_zone_name")
    app.add_template_filter(local_day, "day")
    app.add_template_filter(local_number, "number")
    app.add_template_filter(local_percent, "percent")

    @app.context_processor
    def language_of_page() -> dict[str, object]:
        view = request_locale.here()
        return _page_language(view.identifier if view is not None else DEFAULT_LOCALE, supported_locales())


@cache
def _page_language(locale: str, supported: tuple[str, ...]) -> dict[str, object]:
    """What every page's layout shows of its locale, worked out once per process and locale (the templates only read
    it: a page that needs other values passes its own)."""
    return {
        "html_lang": locale.replace("_", "-"),
        "html_dir": text_direction(locale),
        "language_names": _language_names(supported, locale.split("_")[0]),
        "current_language": locale.split("_")[0],
    }
