"""The layout's navigation and footer, rendered once per everything they show and reused (issue 27).

In ``base.html``, ``{% layout_cached "name" %}…{% endlayout_cached %}`` marks a part of the layout that depends only
on the request's language, the application's root path, and who is signed in as the layout shows them (their name,
their roles, their schools' numbers and names, whether they lead a network): ``layout_key()``. The part is rendered
the first time a key is seen and kept (per process, at most ``MAX_PARTS`` parts, the least recently used dropped
first). What differs on every request is written inside the part as ``{{ per_request("csrf") }}`` (the form's CSRF
token) or ``{{ per_request("next") }}`` (the page to come back to): a marker in the kept text, replaced by the
request's own value each time the part is used.

Nothing else may be read inside a part: a value not in the key would be shown to the next person with the same key.
Who is signed in is read from the request's ``current_user`` (a fresh ``Principal`` on every request, see
``identity.py``), so a change of role, name or school changes the key on the very next request.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from flask import Flask, g, request
from flask.globals import _cv_request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup, escape

from accreditation import request_locale

MAX_PARTS = 4096
MARK = "\x00layout:{}\x00"
KEPT_KEY = "_layout_key"  # in ``g``: (the request, the person object, the locale object, the key)
KEPT_CSRF = "_layout_csrf"  # in ``g``: the request's CSRF token, as Flask-WTF's generate_csrf() gave it


def request_csrf() -> str:
    """The request's CSRF token: ``generate_csrf()`` once, then the same token (Flask-WTF keeps it for the request
    too, but reaches it through its configuration and the ``g`` proxy on every call). The templates'
    ``csrf_token()``."""
    kept = g.__dict__
    token = kept.get(KEPT_CSRF)
    if token is None:
        token = kept[KEPT_CSRF] = generate_csrf()
    return token


VALUES = {
    "csrf": request_csrf,
    "next": lambda: request.full_path if request.method == "GET" else "",
}
MARKS = {name: MARK.format(name) for name in VALUES}


def layout_key() -> tuple:
    """Everything the layout's parts show that is not the same for everybody: worked out once per request, and
    again when the request's person or locale object changes (a sign-in, ``refresh_principal()``,
    ``force_locale``)."""
    user = current_user._get_current_object()
    locale = request_locale.here()
    this_request = _cv_request.get(None)  # requests inside one application context share its g (tests, mostly)
    kept = g.__dict__.get(KEPT_KEY)
    if kept is not None and kept[0] is this_request and kept[1] is user and kept[2] is locale:
        return kept[3]
    person = None
    if user.is_authenticated:
        schools = tuple((m.school_id, _school_name(m)) for m in user.memberships)  # the navigation names each school
        leads = getattr(user, "leads_networks", False)  # read with the person (identity.py): links their networks
        person = (user.name, user.is_admin, user.is_coordinator, user.is_assessor, schools, leads)
    key = (locale.identifier if locale is not None else "", request.script_root, person)
    g.__dict__[KEPT_KEY] = (this_request, user, locale, key)
    return key


def _school_name(membership: object) -> str:
    summary = getattr(membership, "school_summary", None)  # a Principal's; an ORM membership names its school
    return summary.name if summary is not None else membership.school.name


def per_request(name: str) -> Markup:
    """A marker for a value of this request (``csrf`` or ``next``) inside a kept part."""
    return Markup(MARKS[name])


class LayoutParts:
    """The kept parts of one application (a bounded, least-recently-used map)."""

    def __init__(self, limit: int = MAX_PARTS) -> None:
        self.limit = limit
        self.parts: OrderedDict[tuple, str] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple) -> str | None:
        with self.lock:
            found = self.parts.get(key)
            if found is not None:
                self.parts.move_to_end(key)
            return found

    def keep(self, key: tuple, html: str) -> None:
        with self.lock:
            self.parts[key] = html
            self.parts.move_to_end(key)
            while len(self.parts) > self.limit:
                self.parts.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.parts.clear()


def fill(html: str) -> Markup:
    """The kept part with this request's values in place of the markers."""
    for name, mark in MARKS.items():
        if mark in html:
            html = html.replace(mark, str(escape(VALUES[name]())))
    return Markup(html)


class LayoutCache(Extension):
    """The ``{% layout_cached "name" %}`` tag (see the module's docstring)."""

    tags = {"layout_cached"}

    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.extend(layout_parts=LayoutParts())

    def parse(self, parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        body = parser.parse_statements(("name:endlayout_cached",), drop_needle=True)
        call = self.call_method("_part", [name])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _part(self, name: str, caller) -> Markup:
        parts: LayoutParts = self.environment.layout_parts
        key = (name, *layout_key())
        html = parts.get(key)
        if html is None:
            html = str(caller())
            parts.keep(key, html)
        return fill(html)


def init_app(app: Flask) -> None:
    """Called after Flask-WTF is set up: ``csrf_token`` replaces its template global."""
    app.jinja_env.add_extension(LayoutCache)
    app.jinja_env.globals["per_request"] = per_request
    app.jinja_env.globals["csrf_token"] = request_csrf
