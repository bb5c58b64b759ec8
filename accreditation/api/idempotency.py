"""``Idempotency-Key`` on every POST of the API: a retry gets the first answer instead of doing the work twice.

A POST sent with a token and an ``Idempotency-Key`` claims the key for the token's owner before its view runs, and
its answer (status, body, ``Location`` and the other headers a client reads) is kept with the key for a day. The same
key sent again by the same person:

- for the same request (method, address and body: a form's fields and the bytes of its files), gets that answer
  again, with ``Idempotent-Replayed: true``, and nothing is done twice;
- for another request, is refused (422);
- while the first request is still running, is refused with 409 and ``Retry-After``.

A server error (5xx) is not kept: the key is released and a retry runs again. A claim whose request died without an
answer is taken over after ``LEASE``. Calls without a usable token (``POST /tokens``) ignore the key: their view
answers 401, or shows a secret once that must not be kept. Old keys are purged whenever a new one is claimed.

The transactions: the claim is committed before the view runs (``transactions.commit_early``), so that a concurrent
retry finds it. A successful answer is written into the claim in the view's own transaction, which the request's end
commits: the operation and its remembered answer are saved together, or neither is (a crash never leaves a done
operation without its answer, which would let a retry do it twice). A refusal (4xx) did nothing, and is rolled back
by the request's end: its answer, or the release of a server error's claim, is written after that, on a connection
of its own, in one statement (``settle_claim``).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta

from flask import Response, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from accreditation.api.auth import token_record
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.idempotency_description import HEADER, REPLAYED
from accreditation.extensions import db
from accreditation.models import IdempotencyKey
from accreditation.models.time import utcnow
from accreditation.transactions import commit_early

KEPT = timedelta(hours=24)
LEASE = timedelta(seconds=60)
RETRY_AFTER_SECONDS = 1
KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the header's schema in the description says
KEPT_HEADERS = ("Content-Type", "Location", "ETag", "Link", "X-Total-Count", "Retry-After", "WWW-Authenticate")
FORMS = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
CLAIM = "idempotency_claim"
REFUSAL = "idempotency_refusal"  # in g: the values of a refused call's answer, written once its request rolled back


def request_fingerprint() -> str:
    """SHA-256 of the method, the address (with its query) and the body; a form by its fields and the bytes of its
    files (so that a retry with another multipart boundary is the same request); JSON by its content."""
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}?".encode())
    digest.update(request.query_string + b"\n" + request.mimetype.encode() + b"\n")
    if request.mimetype in FORMS:
        for name, value in sorted(request.form.items(multi=True)):
            digest.update(json.dumps(["field", name, value]).encode())
        for name, storage in sorted(request.files.items(multi=True), key=lambda item: item[0]):
            digest.update(json.dumps(["file", name, storage.filename, storage.mimetype]).encode())
            digest.update(file_digest(storage.stream))
    else:
        digest.update(canonical(request.get_data(cache=True)))
    return digest.hexdigest()


def file_digest(stream) -> bytes:
    """SHA-256 of an uploaded file's bytes; the stream is left at its start for the view."""
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.digest()


def canonical(body: bytes) -> bytes:
    """A JSON body by its content (key order and spacing aside); anything else as it is."""
    try:
        return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        return body


def uses_key() -> bool:
    """Whether this request's view needs a token (a POST /tokens never keeps its answer)."""
    view = current_app.view_functions.get(request.endpoint or "")
    return request.method == "POST" and getattr(view, "requires_token", False)


@bp.before_request
def replay_or_claim() -> Response | None:
    """Before a POST with an Idempotency-Key: answer with the stored answer, refuse, or claim the key."""
    key = request.headers.get(HEADER)
    if key is None or not uses_key():
        return None
    record = token_record()
    if record is None:
        return None  # the view answers 401
    if not KEY.match(key):
        message = _("An Idempotency-Key is 1 to 255 visible ASCII characters (e.g. a UUID).")
        return error_response(422, message, "invalid", fields={HEADER: [message]})
    fingerprint = request_fingerprint()
    now = utcnow()
    stored = db.session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.user_id == record.user_id, IdempotencyKey.key == key)
    )
    if stored is not None and lapsed(stored, now):
        db.session.delete(stored)
        db.session.flush()
        stored = None
    if stored is None:
        return claim(record.user_id, key, fingerprint)
    if stored.fingerprint != fingerprint:
        return reused()
    if stored.status is None:
        return in_progress()
    return replay(stored)


def lapsed(stored: IdempotencyKey, now) -> bool:
    """Older than a day, or claimed by a request that died without an answer."""
    return stored.created_at <= now - KEPT or (stored.status is None and stored.created_at <= now - LEASE)


def claim(user_id: int, key: str, fingerprint: str) -> Response | None:
    """Claim the key for this request, purging old keys; committed at once, so that a concurrent retry sees it."""
    now = utcnow()
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at <= now - KEPT))
    row = IdempotencyKey(user_id=user_id, key=key, fingerprint=fingerprint, created_at=now, response_headers={})
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # a concurrent request with the same key claimed it first
        return in_progress()
    commit_early()  # the claim: a retry sent while this request runs must find it (409), not do the work again
    g.setdefault(CLAIM, row.id)
    return None


def reused() -> Response:
    return error_response(
        422,
        _(
            "This Idempotency-Key was already used for another request (another address or body): nothing was "
            "done. Send a new key with a new request."
        ),
        "idempotency_key_reused",
    )


def in_progress() -> Response:
    return error_response(
        409,
        _("A request with this Idempotency-Key is still in progress: wait a moment, then send it again."),
        "request_in_progress",
        {"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def replay(stored: IdempotencyKey) -> Response:
    response = current_app.response_class(stored.response_body or b"", status=stored.status)
    response.headers.update(stored.response_headers or {})
    response.headers[REPLAYED] = "true"
    return response


def answer_values(response: Response) -> dict:
    """The columns of a claim that keep ``response``."""
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    return {
        "status": response.status_code,
        "response_body": response.get_data(),
        "response_headers": headers,
        "completed_at": utcnow(),
    }


@bp.after_request
def remember_answer(response: Response) -> Response:
    """Keep the answer with the claimed key: a successful one in the view's transaction, which the request's end
    commits with what the view did; a refusal after the request has rolled back (``settle_claim``). A server error,
    or an answer streamed, releases the key instead."""
    claimed = g.get(CLAIM)
    if claimed is None:
        return response
    rows = IdempotencyKey.__table__
    if response.status_code >= 500:
        g.pop(REFUSAL, None)
    elif response.is_streamed:
        db.session.execute(delete(rows).where(rows.c.id == claimed))
    elif response.status_code >= 400:
        g.setdefault(REFUSAL, answer_values(response))
    else:
        db.session.execute(update(rows).where(rows.c.id == claimed).values(**answer_values(response)))
    return response


@bp.teardown_request
def settle_claim(error: BaseException | None = None) -> None:
    """Once the request's transaction has ended: a claim still without an answer (a refusal, rolled back with the
    request; a server error; a commit that failed) gets the refusal's answer, or is released so that a retry runs.
    One statement on a connection of its own; a claim already answered (committed with its operation) is left as
    it is."""
    claimed = g.pop(CLAIM, None)
    refusal = g.pop(REFUSAL, None)
    if claimed is None:
        return
    rows = IdempotencyKey.__table__
    unanswered = (rows.c.id == claimed) & rows.c.status.is_(None)
    try:
        db.session.close()  # a request that raised still holds its transaction: end it (nothing of it is kept)
        with db.engine.begin() as connection:
            if refusal is not None and error is None:
                connection.execute(update(rows).where(unanswered).values(**refusal))
            else:
                connection.execute(delete(rows).where(unanswered))
    except Exception:  # noqa: BLE001 (the claim lapses after LEASE anyway)
        current_app.logger.warning("could not settle the idempotency key %s", claimed, exc_info=True)
