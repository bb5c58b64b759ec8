"""Request-wide concerns: user loading (``identity.load_principal``), security headers, error pages, template globals.

Domain errors (``WorkflowError`` and its subclasses) raised by a page become a page here, in one handler, with the
one status ``applications.errors.http_status`` gives them (the API answers them as JSON in ``api/errors.py``): the
request's writes are rolled back, then either the page the view names with ``@refusal_page`` is drawn again with the
error on it, or the error page says what went wrong, with its reasons and a link back. Views just call the
operation."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, cached_property
from typing import TypeVar
from urllib.parse import urlsplit

from babel import support
from flask import Flask, Request, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from wtforms.i18n import messages_path

from accreditation import layout
from accreditation.applications.errors import ApplicationNotFound, NotYours, UnknownProgramme, http_status
from accreditation.extensions import db, login_manager
from accreditation.identity import load_principal
from workflows import WorkflowError


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


View = TypeVar("View", bound=Callable[..., ResponseReturnValue])
RefusalPage = Callable[..., str | dict[str, object]]
REFUSAL_PAGE = "refusal_page"  # the attribute of a view function that names its page for domain errors


def refusal_page(render: RefusalPage, every_error: bool = False) -> Callable[[View], View]:
    """Mark a view whose domain errors are shown on a page of its own: ``render(error, **view_args)`` returns that
    page's HTML, drawn after the rollback, under the error's status. Errors that hide the object (no such
    application, not the person's) still get the plain error page, unless ``every_error`` (a script's JSON: its
    caller reads every error in its own form). Put it under ``@bp.route`` (``login_required`` below it is fine:
    ``wraps`` copies the mark)."""

    def mark(view: View) -> View:
        setattr(view, REFUSAL_PAGE, (render, every_error))
        return view

    return mark


def back_link() -> str | None:
    """The page the person came from, when it is on this site (the Referer's path); else None."""
    parts = urlsplit(request.referrer or "")
    if parts.netloc != request.host or parts.scheme not in {"http", "https"} or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def domain_error_page(error: WorkflowError) -> ResponseReturnValue:
    """The one HTML answer to a domain error (see the module's docstring); API requests get the API's JSON."""
    if request.blueprint and request.blueprint.split(".")[0] == "api":
        from accreditation.api.errors import domain_error

        return domain_error(error)
    db.session.rollback()  # the page is drawn from what is saved: nothing the refused request wrote
    view = current_app.view_functions.get(request.endpoint or "")
    render, every_error = getattr(view, REFUSAL_PAGE, (None, False))
    if render is not None and (every_error or not hides_the_object(error)):
        try:
            return render(error, **(request.view_args or {})), http_status(error)
        except WorkflowError as unavailable:  # the page cannot be drawn: say why, unless that would reveal more
            db.session.rollback()
            error = error if hides_the_object(unavailable) else unavailable
    return plain_error_page(error)


def hides_the_object(error: WorkflowError) -> bool:
    """Whether the error says no more than "no such application" or "not yours": nothing of it is shown."""
    return isinstance(error, ApplicationNotFound | UnknownProgramme | NotYours)


def plain_error_page(error: WorkflowError) -> ResponseReturnValue:
    """The error page of a domain error: its message and reasons under its status, with a link back."""
    status = http_status(error)
    if status == 404:
        return not_found_page()
    if isinstance(error, NotYours):
        return forbidden_page()
    reasons = [str(reason) for reason in error.reasons if str(reason) != error.message]
    page = render_template(
        "errors/error.html",
        status=status,
        title=_("Not allowed") if status == 403 else _("Not possible"),
        message=error.message,
        reasons=reasons,
        back=back_link(),
    )
    return page, status


def forbidden_page() -> ResponseReturnValue:
    return error_page(403, _("Not allowed"), _("You do not have access to this page."))


def not_found_page() -> ResponseReturnValue:
    return error_page(404, _("Not found"), _("There is nothing at this address, or you may not see it."))


def error_page(status: int, title: str, message: str, error: Exception | None = None) -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        from accreditation.api.errors import routing_error

        return routing_error(status, message, error)
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    app.request_class = AppRequest
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.localize_callback = str  # the lazy message in the language of the request that needs it
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    # The person as a read model, read on every request (accreditation/identity.py).
    login_manager.user_loader(load_principal)
    layout.init_app(app)  # the navigation and footer, kept per language and person as shown

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

    app.register_error_handler(WorkflowError, domain_error_page)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_page(
            400,
            _("Form expired"),
            _("The form was missing its security token or it expired. Go back, reload the page and try again."),
        )

    @app.errorhandler(403)
    def forbidden(error):
        return forbidden_page()

    @app.errorhandler(404)
    def not_found(error):
        return not_found_page()

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
