"""Bearer-token authentication of the API's calls. No cookie and no session: the person of a call is the owner of
its token, and nobody for the public calls (even with a signed-in browser's cookie)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_babel import gettext as _
from flask_babel import refresh

from accreditation.accounts.api_tokens import authenticate
from accreditation.api.description import BEARER, bp
from accreditation.api.errors import error_response
from accreditation.extensions import db, login_manager
from accreditation.models import ApiToken, User
from accreditation.transactions import commit_early

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="api"'}


def act_as(user: User | None) -> None:
    """Make ``user`` (None: an anonymous visitor) the person of this request for everything that asks Flask-Login,
    such as the choice of language, without reading the session."""
    login_manager._update_request_context_with_user(user)
    refresh()  # the language follows the token's owner


@bp.before_request
def anonymous_until_authenticated() -> None:
    act_as(None)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def token_record() -> ApiToken | None:
    """The usable token of this request (None: none sent, or not usable), looked up once per request."""
    if "api_token_lookup" not in g:
        token = bearer_token()
        g.api_token_lookup = authenticate(token) if token is not None else None
    return g.api_token_lookup


def authenticated(view: Callable) -> Callable:
    """Let only calls with a usable token through (401 otherwise); the caller is ``caller()``."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if bearer_token() is None:
            return error_response(401, _("Send an API token: Authorization: Bearer <token>."), headers=CHALLENGE)
        record = token_record()
        if record is None:
            return error_response(
                401, _("The API token is not valid: it is unknown, expired or revoked."), headers=CHALLENGE
            )
        if db.session.is_modified(record):  # its last use is noted (at most every few minutes)
            commit_early()  # a use, even of a call that is refused, is shown to the token's owner
        g.api_token = record
        act_as(record.user)
        return view(*args, **kwargs)

    wrapper.requires_token = True  # read by the hooks that act on the token's owner (accreditation.api.idempotency)
    wrapper = bp.doc(security=[{BEARER: []}])(wrapper)
    return bp.alt_response(401, response="UNAUTHORIZED")(wrapper)


def caller() -> User:
    return g.api_token.user


def current_token() -> ApiToken:
    return g.api_token
