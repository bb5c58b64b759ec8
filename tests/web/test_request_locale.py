"""Per-request things worked out once (issue 27): the locale's view (request_locale.here()) follows force_locale and
refresh, the layout's key follows a change of the request's person, and the request's CSRF token is made once."""

from __future__ import annotations

from flask import g, render_template_string, session
from flask_babel import force_locale, gettext, refresh
from flask_wtf.csrf import generate_csrf

from accreditation import request_locale
from accreditation.i18n import current_language, local_number, page_catalogue
from accreditation.identity import read_principal
from accreditation.layout import layout_key, request_csrf
from accreditation.models import User


def test_the_locale_view_is_kept_and_follows_force_locale(app):
    with app.test_request_context(headers={"Accept-Language": "uk"}):
        first = request_locale.here()
        assert first is request_locale.here() and (first.identifier, first.language) == ("uk", "uk")
        assert page_catalogue() is first.catalogue
        with force_locale("ro"):
            assert current_language() == "ro" and request_locale.here().catalogue is not first.catalogue
            assert gettext("Sign in") == render_template_string("{{ _('Sign in') }}") != "Sign in"
            assert local_number(12345.5, 1) == "12.345,5"
        assert current_language() == "uk" and request_locale.here().catalogue is first.catalogue
        assert local_number(12345.5, 1) == "12\xa0345,5"


def test_the_locale_view_follows_refresh(app):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert current_language() == "ru"
        session["language"] = "be"  # a visitor's choice: refresh() chooses again
        refresh()
        assert current_language() == "be" and render_template_string("{{ html_lang }}") == "be"


def test_outside_an_application_context_english_is_spoken():
    assert request_locale.here() is None and request_locale.catalogue().ugettext("Sign in") == "Sign in"
    assert current_language() == "en"


def test_the_layout_key_follows_the_requests_person(app, world):
    with app.app_context():
        from accreditation.extensions import db

        head = db.session.scalar(db.select(User).where(User.email == world.emails["school_admin_a"]))
        admin = db.session.scalar(db.select(User).where(User.email == world.emails["admin"]))
        head_id, admin_id = head.id, admin.id
    with app.test_request_context():
        g._login_user = read_principal(head_id)
        first = layout_key()
        assert first is layout_key() and first[2][0] == "Head A"
        g._login_user = read_principal(admin_id)  # as refresh_principal() or a sign-in replaces it
        second = layout_key()
        assert second != first and second[2][0] == "Ada Admin"


def test_the_requests_csrf_token_is_made_once(app):
    with app.test_request_context():
        token = request_csrf()
        assert token == generate_csrf() == request_csrf()
        assert render_template_string("{{ csrf_token() }}") == token
    with app.test_request_context():  # another request starts without one
        assert "_layout_csrf" not in g.__dict__
        request_csrf()
        assert "_layout_csrf" in g.__dict__


def test_requests_sharing_an_application_context_get_their_own_layout_key(app):
    with app.app_context():  # each request inside it shares its g (as in tests and scripts)
        with app.test_request_context("/", base_url="http://localhost/one"):
            first = layout_key()
        with app.test_request_context("/", base_url="http://localhost/two"):
            second = layout_key()
    assert (first[1], second[1]) == ("/one", "/two")
