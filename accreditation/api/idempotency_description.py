"""How the ``Idempotency-Key`` header of a POST is described in the OpenAPI document (``description.idempotent``);
the behaviour is ``idempotency``'s."""

from __future__ import annotations

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"

HEADER_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": "A key of your choosing (e.g. a UUID) that makes a retry safe: the same key with the same request "
    "within 24 hours gets the first answer again (with Idempotent-Replayed: true) instead of doing it twice; with "
    "another request it is refused (422); while the first is still running, 409 with Retry-After. Server errors are "
    "not kept. Ignored on calls without a token.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[\x21-\x7e]+$"},
    "example": "5f1c8c1e-6a4b-4f0e-9f43-2d3b8e6a9c10",
}
REPLAYED_HEADER = {
    REPLAYED: {
        "description": "true: this is the stored answer to an earlier request with the same Idempotency-Key.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}}
