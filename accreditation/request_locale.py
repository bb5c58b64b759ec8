"""The request's language, catalogue and formatters chosen once and reused (issue 27).

Flask-Babel keeps the request's locale, but every ``gettext`` (the code's ``_()``, lazy texts, WTForms' messages)
looked its catalogue up again: the locale turned into its identifier string, a dictionary lookup by directory and
domain. ``RequestDomain`` keeps the request's catalogue beside its locale in the request's Babel namespace, so each
``_()`` after the first costs the locale's lookup only; ``force_locale`` and ``refresh`` change the locale object,
and the catalogue follows it.
"""

from __future__ import annotations

from babel.support import NullTranslations
from flask import Flask
from flask_babel import Babel, Domain, get_locale
from flask_babel import _get_current_context as babel_namespace

KEY = "request_catalogue"


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the catalogue kept per request and locale."""

    def get_translations(self) -> NullTranslations:
        namespace = babel_namespace()
        if namespace is None:
            return super().get_translations()
        locale = get_locale()
        kept = getattr(namespace, KEY, None)
        if kept is None or kept[0] is not locale:
            kept = (locale, super().get_translations())
            setattr(namespace, KEY, kept)
        return kept[1]


def init_app(app: Flask, babel: Babel) -> None:
    """Give ``babel`` (Flask-Babel's extension) the request's domain in place of its own (the same directories, from
    the configuration, and domain)."""
    babel.domain_instance = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
