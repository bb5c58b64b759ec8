"""Slowing a flood of answers without blocking a classroom.

Two limits, both per window: answers from one network address (``SURVEY_MAX_PER_ADDRESS``, default 45 in
``SURVEY_ADDRESS_SECONDS``, default 600: a class of 30 behind the school's one address gets through, a script
does not), and answers to the window from everywhere (``SURVEY_MAX_PER_MINUTE``, default 120 a minute, read from
the responses' times). The address is never stored: it is kept in this process's memory only as a keyed digest, and
only for the length of the limit's period.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import SurveyResponse
from accreditation.models.time import utcnow

_lock = threading.Lock()
_recent: dict[bytes, deque[float]] = {}


def _key(window_id: int, address: str) -> bytes:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{window_id}|{address}".encode(), hashlib.sha256).digest()


def _address_limits() -> tuple[int, float]:
    return (
        int(current_app.config.get("SURVEY_MAX_PER_ADDRESS", 45)),
        float(current_app.config.get("SURVEY_ADDRESS_SECONDS", 600)),
    )


def address_allows(window_id: int, address: str | None) -> bool:
    """Whether one more answer from ``address`` to the window stays within the limit."""
    most, seconds = _address_limits()
    now = time.monotonic()
    with _lock:
        stamps = _recent.get(_key(window_id, address or ""))
        if stamps is None:
            return True
        while stamps and stamps[0] <= now - seconds:
            stamps.popleft()
        return len(stamps) < most


def count_answer(window_id: int, address: str | None) -> None:
    """Record one accepted answer from ``address`` (forgetting stamps past the period, and idle keys)."""
    _most, seconds = _address_limits()
    now = time.monotonic()
    with _lock:
        _recent.setdefault(_key(window_id, address or ""), deque()).append(now)
        if len(_recent) > 10_000:
            for key in [k for k, v in _recent.items() if not v or v[-1] <= now - seconds]:
                del _recent[key]


def window_limit() -> tuple[int, datetime]:
    """The most answers a window takes in a minute, and the start of the minute that ends now."""
    return int(current_app.config.get("SURVEY_MAX_PER_MINUTE", 120)), utcnow() - timedelta(minutes=1)


def window_allows(window_id: int) -> bool:
    """Whether the window has taken fewer than its limit of answers in the last minute."""
    most, since = window_limit()
    query = select(func.count()).where(SurveyResponse.window_id == window_id, SurveyResponse.submitted_at > since)
    return (db.session.scalar(query) or 0) < most


def forget_all() -> None:
    """Tests start from no recent answers."""
    with _lock:
        _recent.clear()
