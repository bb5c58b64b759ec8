"""The audit log of reads of sensitive data (ASVS 8.3.5): one line on the logger ``accreditation.audit`` each time a
stored document version, a school's data export, an action plan's PDF or a certificate's PDF is read or downloaded,
saying who, what, when and from which network address, never the content.

The lines are at INFO level. Route the logger ``accreditation.audit`` where audit records belong (a file, syslog,
journald) with Python's logging configuration; without any, they go to the standard error stream, so a line is
never silently dropped.
"""

from __future__ import annotations

import logging
from datetime import UTC

from flask import g, request
from flask_login import current_user

from accreditation.accounts.throttle import client_address
from accreditation.models.time import utcnow

log = logging.getLogger("accreditation.audit")
if log.level == logging.NOTSET:
    log.setLevel(logging.INFO)


def _ensure_a_handler() -> None:
    """Python's last-resort handler drops INFO: without any configured handler, write to standard error."""
    if not log.hasHandlers():
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        log.addHandler(handler)


def record_read(what: str, **ids: object) -> None:
    """Write the audit line of the current request reading ``what`` (e.g. ``document_version``), identified by
    ``ids`` (numbers and codes only), by the signed-in person or the API token's owner."""
    _ensure_a_handler()
    token = g.get("api_token")
    fields = {
        "user": current_user.id if current_user.is_authenticated else "anonymous",
        **({"api_token": token.id} if token is not None else {}),
        **ids,
        "address": client_address(),
        "at": utcnow().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "request": f"{request.method} {request.path}",
    }
    log.info(
        "read %s %s",
        what,
        " ".join(f"{name}={value}" for name, value in fields.items()),
        extra={"audit": {"action": "read", "what": what, **fields}},
    )
