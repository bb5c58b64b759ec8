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
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, format_datetime, get_locale
from flask_login import current_user

DEFAULT_LOCALE = "en"
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "ru", "uk")
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "uk": "Українська"}
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})
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
        if membership.school is not None and membership.school.language in supported:
            return membership.school.language
    return DEFAULT_LOCALE


def select_locale() -> str:
    """The locale of the current request."""
    supported = supported_locales()
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


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RIGHT_TO_LEFT else "ltr"


def current_language() -> str:
    """The language of the current request (or of ``force_locale``), e.g. ``uk``."""
    return str(get_locale() or DEFAULT_LOCALE).split("_")[0]


def local(text: object) -> str:
    """A framework or programme text in the current language (English when it has no translation)."""
    in_ = getattr(text, "in_", None)
    return in_(current_language()) if in_ is not None else ("" if text is None else str(text))


def user_zone() -> ZoneInfo:
    name = getattr(current_user, "timezone", None) if has_request_context() else None
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def in_user_time(moment: datetime | None) -> str:
    """A UTC timestamp in the signed-in person's time zone, written the way their language writes it."""
    if moment is None:
        return "—"
    shown = moment.astimezone(user_zone())
    return f"{format_datetime(shown, 'medium')} {shown.tzname()}"


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


def init_app(app: Flask) -> None:
    app.config.setdefault("SUPPORTED_LOCALES", SUPPORTED_LOCALES)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    compiled = Path(app.instance_path) / "translations"
    compile_catalogues(CATALOGUES, compiled)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(compiled))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: str(user_zone()))
    app.add_template_filter(local, "local")
    app.add_template_filter(in_user_time, "in_user_time")

    @app.context_processor
    def language_of_page() -> dict[str, object]:
        locale = str(get_locale() or DEFAULT_LOCALE)
        return {
            "html_lang": locale.replace("_", "-"),
            "html_dir": text_direction(locale),
            "language_names": {code: LANGUAGE_NAMES.get(code, code) for code in supported_locales()},
            "current_language": locale.split("_")[0],
        }
