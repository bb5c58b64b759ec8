"""How long a signed-in browser session lasts: an idle lifetime (since the person's last request) and an absolute
lifetime (since they signed in), both from configuration. Past either, the person is signed out and sent to the
sign-in page with a message saying why. "Keep me signed in on this device" is a longer idle lifetime, chosen at
sign-in; the absolute lifetime still applies.

The session (a signed cookie) records when it signed in and when it was last used; the times are checked before
any page runs. The JSON API is not concerned: its bearer tokens have their own lifetime and it reads no session.
A session without the times (from before they were recorded) has ended.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, current_app, flash, jsonify, redirect, request, session, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import logout_user, user_logged_in

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
KEEP = "keep_signed_in"
WARNING_SECONDS = 5 * 60  # the self-assessment warns this long before the idle lifetime ends
# A request notes its time only when the noted one is this old: otherwise every response re-signed and re-sent the
# cookie (a Set-Cookie on every page). The idle lifetime is therefore kept to within a minute.
SEEN_PRECISION_SECONDS = 60


def now() -> int:
    """The clock, in whole seconds (tests move it)."""
    return int(time.time())


def idle_seconds() -> int:
    """How long this session may stay unused: longer when the person chose to stay signed in on this device."""
    config = current_app.config
    minutes = config["SESSION_KEEP_IDLE_MINUTES"] if session.get(KEEP) else config["SESSION_IDLE_MINUTES"]
    return minutes * 60


def absolute_seconds() -> int:
    return current_app.config["SESSION_ABSOLUTE_HOURS"] * 3600


def warning_seconds() -> int:
    """How long before the idle lifetime ends a long form warns: five minutes, or a fifth of a short lifetime."""
    return min(WARNING_SECONDS, idle_seconds() // 5)


def start(keep: bool = False) -> None:
    """Record the sign-in (called on every sign-in, whichever page did it)."""
    moment = now()
    session[SIGNED_IN_AT] = moment
    session[SEEN_AT] = moment
    session[KEEP] = bool(keep)
    session.permanent = bool(keep)  # the cookie outlives the browser window only when asked to


def stay_signed_in(keep: bool) -> None:
    """The person's choice at sign-in, before ``login_user``: keep this device signed in for longer while unused."""
    session[KEEP] = bool(keep)


def ended_because() -> str | None:
    """Why this signed-in session has ended (a message for the person), or None while it lasts."""
    signed_in_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in_at, int) or not isinstance(seen_at, int):
        return _("Your session has ended. Please sign in again.")
    moment = now()
    if moment - signed_in_at >= absolute_seconds():
        return _(
            "You were signed out because you signed in more than %(duration)s ago. Please sign in again.",
            duration=duration(absolute_seconds()),
        )
    if moment - seen_at >= idle_seconds():
        return _(
            "You were signed out after %(duration)s without activity. Please sign in again.",
            duration=duration(idle_seconds()),
        )
    return None


def duration(seconds: int) -> str:
    """A lifetime in words, in the language of the request ("30 minutes", "12 hours")."""
    return format_timedelta(timedelta(seconds=seconds), threshold=1)


def lifetimes() -> dict[str, str]:
    """The lifetimes in words, for the sign-in page's explanation of "keep me signed in"."""
    config = current_app.config
    return {
        "idle": duration(config["SESSION_IDLE_MINUTES"] * 60),
        "kept": duration(config["SESSION_KEEP_IDLE_MINUTES"] * 60),
        "absolute": duration(absolute_seconds()),
    }


def check_session():
    """Before every page: end a session past its lifetime, otherwise note that it was used now."""
    if request.endpoint == "static" or request.path.startswith("/api/") or "_user_id" not in session:
        return None
    reason = ended_because()
    if reason is None:
        moment = now()
        if moment - session[SEEN_AT] >= SEEN_PRECISION_SECONDS:
            session[SEEN_AT] = moment
        return None
    logout_user()
    for key in (SIGNED_IN_AT, SEEN_AT, KEEP):
        session.pop(key, None)
    session.permanent = False
    if request.accept_mimetypes.best == "application/json":  # the self-assessment's autosave
        response = jsonify({"error": {"code": "signed_out", "message": reason}})
        response.status_code = 401
        return response
    flash(reason, "info")
    following = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.sign_in", next=following))


def init_app(app: Flask) -> None:
    """Call after Flask-Login is set up and before the blueprints' own hooks."""
    app.permanent_session_lifetime = timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
    app.before_request(check_session)

    @user_logged_in.connect_via(app)
    def stamp(sender, user, **extra) -> None:
        start(keep=bool(session.get(KEEP)))

    app.jinja_env.globals["session_lifetimes"] = lifetimes
    app.jinja_env.globals["session_idle_seconds"] = idle_seconds
    app.jinja_env.globals["session_warning_seconds"] = warning_seconds
