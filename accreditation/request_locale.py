"""The request's language, catalogue and formatters chosen once and reused (issue 27).

Flask-Babel keeps the request's locale, but every ``gettext`` (the code's ``_()``, the templates' ``_()``, lazy
texts, WTForms' messages) and every date or number filter asked for it again: ``get_locale()`` reaches Flask-Babel's
namespace through the ``g`` proxy three times, then the catalogue was looked up by the locale's identifier string.
``here()`` is the request's ``LocaleView``: the locale object, its identifier, its language and its catalogue,
built the first time a request (or an application context: a task, a CLI command) asks, and kept on the context's
``g`` beside Flask-Babel's namespace. It is read through the application context's variable itself (no proxy), and
it is checked against the locale Flask-Babel holds on every use: ``force_locale`` and ``refresh`` replace that
locale object, and the view follows on the next call.

``RequestDomain`` gives Flask-Babel's ``gettext`` (the code's ``_()``) the same catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from babel.support import NullTranslations
from flask import Flask
from flask.globals import _cv_app
from flask_babel import Babel, Domain, get_locale

KEY = "_request_locale_view"
BABEL_NAMESPACE = "_flask_babel"  # where Flask-Babel keeps the context's locale (``g._flask_babel.babel_locale``)


@dataclass(frozen=True, slots=True)
class LocaleView:
    """The locale of a request (or of ``force_locale``) with what every text and filter of it needs."""

    locale: Locale
    identifier: str  # "ro_MD", "uk"
    language: str  # "ro", "uk"
    catalogue: NullTranslations


def _view_of(locale: Locale, domain: Domain) -> LocaleView:
    identifier = str(locale)
    return LocaleView(locale, identifier, identifier.split("_")[0], Domain.get_translations(domain))


def here() -> LocaleView | None:
    """The current context's ``LocaleView`` (None outside an application context)."""
    context = _cv_app.get(None)
    if context is None:
        return None
    kept = context.g.__dict__
    namespace = kept.get(BABEL_NAMESPACE)
    locale = getattr(namespace, "babel_locale", None) if namespace is not None else None
    view = kept.get(KEY)
    if view is not None and locale is not None and view.locale is locale:
        return view
    if locale is None:
        locale = get_locale()  # selects the request's locale (the first time), or Flask-Babel's default
        if locale is None:
            return None
    view = _view_of(locale, context.app.extensions["babel"].instance.domain_instance)
    kept[KEY] = view
    return view


def catalogue() -> NullTranslations:
    """The current context's catalogue (English, untranslated, outside one)."""
    view = here()
    return view.catalogue if view is not None else NullTranslations()


class RequestDomain(Domain):
    """Flask-Babel's message domain, answering with the catalogue of ``here()``."""

    def get_translations(self) -> NullTranslations:
        view = here()
        return view.catalogue if view is not None else super().get_translations()


def init_app(app: Flask, babel: Babel) -> None:
    """Give ``babel`` (Flask-Babel's extension) the request's domain in place of its own (the same directories, from
    the configuration, and domain)."""
    babel.domain_instance = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
