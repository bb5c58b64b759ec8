"""The API's errors: always ``{"error": {"code", "message", ...}}`` with the right status.

``code`` is a short name a program can test: the domain error's own (``stale_version``, ``guard_failed``,
``not_yours``…) or the HTTP status's (``not_found``, ``invalid``…). Guard failures and every other domain error add
their ``reasons``, and ``failed_conditions``, each reason with the ``code`` of the condition that gave it (the
guard's name, e.g. ``self_assessment_complete``); invalid input adds ``fields`` (each field, dotted for nested ones,
with what is wrong with it). A decision's event fired as a bare event adds ``decision`` and ``href``, its route.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, jsonify, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from accreditation.api.description import bp
from accreditation.applications.errors import DecisionRequired, http_status
from workflows import MissingData, Reason, WorkflowError

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}
# webargs groups validation messages by where the input was; the field names are what matters.
LOCATIONS = frozenset({"json", "query", "querystring", "multipart", "form", "files", "view_args", "path"})


def error_body(status: int, message: str, code: str | None = None, **extra: Any) -> dict[str, Any]:
    detail: dict[str, Any] = {"code": code or CODES.get(status, str(status)), "message": message}
    detail.update({name: value for name, value in extra.items() if value is not None})
    return {"error": detail}


def error_response(
    status: int, message: str, code: str | None = None, headers: Mapping[str, str] | None = None, **extra: Any
) -> Response:
    response = jsonify(error_body(status, message, code, **extra))
    response.status_code = status
    response.headers.update(headers or {})
    return response


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def domain_error(error: WorkflowError) -> Response:
    """A domain error with the one status it maps to (``http_status``); nothing it began is kept (the request's end
    rolls back an error answer)."""
    status = http_status(error)
    if status >= 500:
        raise error
    fields = None
    if isinstance(error, MissingData):
        fields = {name: [reason] for name, reason in zip(error.fields, error.reasons, strict=False)}
    elif getattr(error, "field", None):
        fields = {error.field: [error.message]}
    return error_response(
        status,
        error.message,
        snake_case(type(error).__name__),
        reasons=list(error.reasons),
        failed_conditions=failed_conditions(error.reasons),
        fields=fields,
        **decision_pointer(error),
    )


def failed_conditions(reasons: list[str]) -> list[dict[str, str]] | None:
    """Each reason a guard gave, with the guard's name as its code (None when no guard spoke)."""
    coded = [{"code": reason.code, "message": str(reason)} for reason in reasons if isinstance(reason, Reason)]
    return coded or None


def decision_pointer(error: WorkflowError) -> dict[str, str]:
    """For DecisionRequired: the decision's name and the route that makes it."""
    if not isinstance(error, DecisionRequired):
        return {}
    application_id = request.view_args.get("application_id") if request.view_args else None
    return {"decision": error.decision, "href": decision_href(application_id, error.decision)}


def decision_href(application_id: int | None, decision: str) -> str:
    """The API route that makes ``decision`` (proposing the top level is an award: its route decides which)."""
    route = "award" if decision == "propose" else decision
    return f"{url_for('api.get_application', application_id=application_id or 0)}/decisions/{route}"


# The input validation's messages (marshmallow's own, and the literal ones of the API's schemas and fields), written
# in English when the schemas are built: each with its translation, made in the caller's language when it is sent.
INPUT_MESSAGES: list[tuple[str, Callable[..., str]]] = [
    (r"Missing data for required field\.", lambda: _("Missing data for required field.")),
    (r"Field may not be null\.", lambda: _("Field may not be null.")),
    (r"Unknown field\.", lambda: _("Unknown field.")),
    (r"Invalid input type\.", lambda: _("Invalid input type.")),
    (r"Invalid (?:value|input|type)\.", lambda: _("Invalid value.")),
    (r"Not a valid integer\.", lambda: _("Not a valid integer.")),
    (r"Not a valid number\.", lambda: _("Not a valid number.")),
    (r"Number too large\.", lambda: _("Number too large.")),
    (r"Special numeric values \(nan or infinity\) are not permitted\.", lambda: _("Not a valid number.")),
    (r"Not a valid (?:utf-8 )?string\.", lambda: _("Not a valid string.")),
    (r"Not a valid boolean\.", lambda: _("Not a valid boolean.")),
    (r"Not a valid list\.", lambda: _("Not a valid list.")),
    (r"Not a valid mapping type\.", lambda: _("Not a valid object.")),
    (r"Not a valid date\.", lambda: _("Not a valid date.")),
    (r"Not a valid (?:(?:naive|aware) )?datetime\.", lambda: _("Not a valid date and time.")),
    (r"Not a valid time\.", lambda: _("Not a valid time.")),
    (r"Not a valid email address\.", lambda: _("Not a valid e-mail address.")),
    (r"Must be one of: (?P<choices>.*)\.", lambda choices: _("Must be one of: %(choices)s.", choices=choices)),
    (
        r"Must be greater than or equal to (?P<min>\S+) and less than or equal to (?P<max>\S+)\.",
        lambda min, max: _("Must be from %(min)s to %(max)s.", min=min, max=max),
    ),
    (r"Must be greater than or equal to (?P<min>\S+)\.", lambda min: _("Must be at least %(min)s.", min=min)),
    (r"Must be less than or equal to (?P<max>\S+)\.", lambda max: _("Must be at most %(max)s.", max=max)),
    (
        r"Length must be between (?P<min>\d+) and (?P<max>\d+)\.",
        lambda min, max: _("The length must be from %(min)s to %(max)s.", min=min, max=max),
    ),
    (r"Length must be (?P<equal>\d+)\.", lambda equal: _("The length must be %(equal)s.", equal=equal)),
    (r"Shorter than minimum length (?P<min>\d+)\.", lambda min: _("The length must be at least %(min)s.", min=min)),
    (
        r"Longer than (?:maximum length )?(?P<max>\d+)(?: characters)?\.",
        lambda max: _("The length must be at most %(max)s.", max=max),
    ),
    (r"String does not match expected pattern\.", lambda: _("Not in the expected form.")),
    (r"Must not contain NUL characters\.", lambda: _("Must not contain NUL characters.")),
    (r"Must be valid Unicode text\.", lambda: _("Must be valid Unicode text.")),
    (r"Must be a file\.", lambda: _("Must be a file.")),
    (r"Must be a date, YYYY-MM-DD\.", lambda: _("Must be a date, YYYY-MM-DD.")),
    (r"Must be a month, YYYY-MM\.", lambda: _("Must be a month, YYYY-MM.")),
    (r"Must be a two-letter language code, e\.g\. ro\.", lambda: _("Must be a two-letter language code, e.g. ro.")),
    (r"Must be a two-letter ISO 3166-1 country code\.", lambda: _("Must be a two-letter ISO 3166-1 country code.")),
    (r"Must be an ISO 3166-2 region code, e\.g\. MD-CU\.", lambda: _("Must be an ISO 3166-2 region code, e.g. MD-CU.")),
    (
        r"Must be an IANA time zone, e\.g\. Europe/Chisinau\.",
        lambda: _("Must be an IANA time zone, e.g. Europe/Chisinau."),
    ),
]
_INPUT_PATTERNS = [(re.compile(pattern), translation) for pattern, translation in INPUT_MESSAGES]


def input_message(message: str) -> str:
    """A validation message in the caller's language (as it was when it is none of ``INPUT_MESSAGES``)."""
    for pattern, translation in _INPUT_PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            return translation(**found.groupdict())
    return message


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested error messages as ``{"field.sub": ["message", ...]}``."""
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = str(key)
            if not prefix and name in LOCATIONS or name == "_schema":
                name = ""
            flat.update(flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name))
        return flat
    if isinstance(messages, list | tuple) and all(isinstance(item, str) for item in messages):
        return {prefix or "body": [input_message(message) for message in messages]}
    if isinstance(messages, list | tuple):
        flat = {}
        for item in messages:
            flat.update(flatten(item, prefix))
        return flat
    return {prefix or "body": [input_message(str(messages))]}


def http_error(error: HTTPException) -> Response:
    """An HTTP error raised in an API view (``abort``, webargs' validation) as the API's JSON."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(data.get("headers") or {})
    if "messages" in data:
        fields = flatten(data["messages"])
        if status == 400:  # the body is not JSON at all
            return error_response(400, _("The request body is not valid JSON."), "bad_request", headers)
        described = "; ".join(f"{name}: {' '.join(problems)}" for name, problems in sorted(fields.items()))
        message = _("Invalid input: %(problems)s", problems=described)
        return error_response(status, message, "invalid", headers, fields=fields)
    message = data.get("message") or error.description or CODES.get(status, "")
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return error_response(status, message, data.get("code"), headers)


def routing_error(status: int, message: str, error: Exception | None = None) -> Response:
    """The JSON of an error raised before any API view ran (no such address, a method it does not accept, a body
    too large): the application's error handlers call this for addresses under ``/api/``."""
    headers = {}
    if status == 405 and isinstance(error, HTTPException) and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return error_response(status, message, headers=headers)


bp.register_error_handler(WorkflowError, domain_error)
bp.register_error_handler(HTTPException, http_error)
