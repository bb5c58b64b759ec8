"""Request-wide concerns: user loading, security headers, error pages, template globals."""

from __future__ import annotations

from functools import cache, cached_property

from babel import support
from flask import Flask, Request, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from wtforms.i18n import messages_path

from accreditation.access import SCHOOL_OPTIONS
from accreditation.extensions import db, login_manager
from accreditation.models import Membership, User

# Built once: loader options are immutable, and building them for every request cost a sixth of loading the user.
# The member's schools come in the same query: the navigation names them, the page's language may be theirs, and a
# school's own pages then find it (with its region and country) in the session instead of querying again.
USER_OPTIONS = (
    joinedload(User.grants),
    joinedload(User.memberships).joinedload(Membership.school).options(*SCHOOL_OPTIONS),
)
# The statement, built once too: SQLAlchemy keeps a statement's cache key once computed, so every request after the
# first skips building the select and walking its loader options for the key (together about a sixth of loading the
# user, whose identity map is empty at the start of a request, so Session.get would query anyway).
USER_QUERY = select(User).where(User.id == bindparam("user_id")).options(*USER_OPTIONS)


def load_user(session_id: str) -> User | None:
    """The signed-in person of a request, with their role grants and memberships (every page asks for them).

    ``session_id`` is what User.get_id gave at sign-in, "<user id>:<session epoch>"; a session from before the user's
    last sign-out or password change (an older epoch) signs nobody in."""
    user_id, _sep, epoch = session_id.partition(":")
    if not (user_id.isdigit() and epoch.isdigit()) or len(user_id) > 18 or len(epoch) > 18:
        return None
    user = db.session.execute(USER_QUERY, {"user_id": int(user_id)}).unique().scalar_one_or_none()
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    return user


@cache
def wtforms_catalogue(locale: str) -> support.Translations:
    """WTForms' own messages ("This field is required.") in ``locale``, parsed once per process."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class AppRequest(Request):
    """Flask-WTF takes WTForms' catalogue from ``request.wtforms_translations``, and parses it from disk for every
    request that builds a form when it is not there (about 0.5 ms a page): here it comes from the process's cache."""

    @cached_property
    def wtforms_translations(self) -> support.Translations:
        return wtforms_catalogue(str(get_locale()))


def init_app(app: Flask) -> None:
    app.request_class = AppRequest
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.localize_callback = str  # the lazy message in the language of the request that needs it
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    login_manager.user_loader(load_user)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
        )
        if app.config.get("HSTS"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # What a signed-in person sees (pages, JSON, files) is theirs alone: no browser or proxy keeps a copy.
        stored = "no-store" in (response.headers.get("Cache-Control") or "")
        if not stored and request.endpoint != "static" and current_user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response

    def error_page(status: int, title: str, message: str, error: Exception | None = None):
        if request.path.startswith("/api/"):
            from accreditation.api.errors import routing_error

            return routing_error(status, message, error)
        return render_template("errors/error.html", status=status, title=title, message=message), status

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_page(
            400,
            _("Form expired"),
            _("The form was missing its security token or it expired. Go back, reload the page and try again."),
        )

    @app.errorhandler(403)
    def forbidden(error):
        return error_page(403, _("Not allowed"), _("You do not have access to this page."))

    @app.errorhandler(404)
    def not_found(error):
        return error_page(404, _("Not found"), _("There is nothing at this address, or you may not see it."))

    @app.errorhandler(405)
    def method_not_allowed(error):
        return error_page(405, _("Method not allowed"), _("This address does not accept that kind of request."), error)

    @app.errorhandler(413)
    def too_large(error):
        limit = app.config["MAX_UPLOAD_MB"]
        return error_page(413, _("Too large"), _("The upload is larger than the limit of %(limit)s MB.", limit=limit))

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return error_page(
            500, _("Something went wrong"), _("The error was logged. Nothing was saved; please try again.")
        )
