"""``ETag`` and ``If-Match`` where a version or revision is the precondition of a change: a read sends the number as
a strong ETag (``"7"``); a change accepts it back in ``If-Match`` instead of the body's field. Both given and
different is invalid (422); a change refused because the number is no longer current answers 412 when the number
came from ``If-Match`` (the client asked for that precondition), 409 when it came from the body (as before).

For a view: ``etag(number)`` (the response header), ``ETAG`` (its description), ``@if_match_documented``, and
``expected(body_value, "field")`` then ``with stale_is_412(expected): ...`` (or ``precondition_failed(...)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

from flask import request
from flask_babel import gettext as _
from werkzeug.exceptions import PreconditionFailed, UnprocessableEntity

from accreditation.applications.errors import StaleVersion

IF_MATCH = "If-Match"
STRONG = re.compile(r'^\s*"(\d{1,10})"\s*$')
ETAG = {
    "ETag": {
        "description": 'The version (or revision) as a strong entity tag, e.g. "7": send it back in If-Match.',
        "schema": {"type": "string", "pattern": r'^"\d+"$'},
    }
}
IF_MATCH_PARAMETER = {
    "in": "header",
    "name": IF_MATCH,
    "required": False,
    "description": 'The ETag you read (e.g. "7"), instead of the body\'s version field: if it is no longer '
    "current, nothing is changed and the answer is 412.",
    "schema": {"type": "string", "pattern": r'^"\d{1,10}"$'},
    "example": '"7"',
}


@dataclass(frozen=True)
class Expected:
    value: int | None  # None: no precondition given
    from_header: bool


def etag(number: int) -> dict[str, str]:
    return {"ETag": f'"{number}"'}


def if_match_documented(view: Callable) -> Callable:
    """Describe the If-Match header and the 412 answer on an operation (``accreditation.api.description``)."""
    documented = getattr(view, "_apidoc", {})
    documented.setdefault("headers", []).append(IF_MATCH_PARAMETER)
    documented.setdefault("extra_responses", {})[412] = "PRECONDITION_FAILED"
    view._apidoc = documented
    return view


def if_match() -> int | None:
    """The number in ``If-Match`` (None: no such header); anything but one quoted number is invalid (422)."""
    header = request.headers.get(IF_MATCH)
    if header is None:
        return None
    match = STRONG.match(header)
    if match is None:
        invalid(_('If-Match must be one ETag as this API sends it, a number in double quotes, e.g. "7".'))
    return int(match.group(1))


def expected(in_body: int | None, field: str, *, required: bool = True) -> Expected:
    """The version (or revision) the client expects: from If-Match or the body's ``field``; both given must agree,
    and when ``required`` one of them must be given (422 otherwise)."""
    header = if_match()
    if header is not None and in_body is not None and header != in_body:
        invalid(_("If-Match and %(field)s differ: send one of them.", field=field), field)
    if header is None and in_body is None and required:
        invalid(_("Send %(field)s, or the ETag you read in If-Match.", field=field), field)
    return Expected(header if header is not None else in_body, header is not None)


def invalid(message: str, field: str = IF_MATCH) -> NoReturn:
    error = UnprocessableEntity()
    error.data = {"messages": {field: [message]}}
    raise error


def precondition_failed(message: str | None = None) -> NoReturn:
    """Refuse with 412 and the API's error JSON."""
    error = PreconditionFailed()
    error.data = {"message": message or stale_message(), "code": "precondition_failed"}
    raise error


def stale_message() -> str:  # noqa: N802 (a text, translated when asked for)
    return _("It changed since you read it (If-Match is no longer current): nothing was changed.")


@contextmanager
def stale_is_412(given: Expected) -> Iterator[None]:
    """A StaleVersion raised inside answers 412 when the version came from If-Match."""
    try:
        yield
    except StaleVersion as stale:
        if given.from_header:
            precondition_failed(stale.message)
        raise
