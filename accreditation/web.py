"""Request-wide concerns: user loading, security headers, error pages, template globals."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm import joinedload

from accreditation.extensions import db, login_manager
from accreditation.models import User


def load_user(user_id: str) -> User | None:
    """The signed-in person of a request, with their role grants and memberships (every page asks for them)."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id), options=[joinedload(User.grants), joinedload(User.memberships)])
    return user if user is not None and user.active else None


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Please sign in to see that page."
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
            "Form expired",
            "The form was missing its security token or it expired. Go back, reload the page and try again.",
        )

    @app.errorhandler(403)
    def forbidden(error):
        return error_page(403, "Not allowed", "You do not have access to this page.")

    @app.errorhandler(404)
    def not_found(error):
        return error_page(404, "Not found", "There is nothing at this address, or you may not see it.")

    @app.errorhandler(405)
    def method_not_allowed(error):
        return error_page(405, "Method not allowed", "This address does not accept that kind of request.", error)

    @app.errorhandler(413)
    def too_large(error):
        limit = app.config["MAX_UPLOAD_MB"]
        return error_page(413, "Too large", f"The upload is larger than the limit of {limit} MB.")

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return error_page(500, "Something went wrong", "The error was logged. Nothing was saved; please try again.")
