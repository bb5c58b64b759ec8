"""``/api/v1/tokens``: get a token with an e-mail address and a password, list and revoke your own."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_

from accreditation.accounts.api_tokens import issue_token, revoke_token, working_tokens
from accreditation.accounts.sign_in import SignInLocked, WrongCredentials
from accreditation.accounts.throttle import client_address
from accreditation.api.auth import CHALLENGE, authenticated, caller, current_token
from accreditation.api.contract_schemas import TOKEN_REQUEST_EXAMPLE, TokenListQuerySchema
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.paging import PAGE_HEADERS, Listing, page
from accreditation.api.schemas import ErrorSchema, NewTokenSchema, TokenRequestSchema, TokenSchema
from accreditation.models import ApiToken
from accreditation.transactions import commit_early

TAGS = ["tokens"]
ID = "<int(min=1, max=2147483647):token_id>"
LISTING = Listing(
    id=ApiToken.id,
    sortable={
        "id": ApiToken.id,
        "name": ApiToken.name,
        "created_at": ApiToken.created_at,
        "expires_at": ApiToken.expires_at,
    },
    changed_since=lambda moment: or_(ApiToken.created_at >= moment, ApiToken.last_used_at >= moment),
)


@bp.route("/tokens", methods=["POST"], tags=TAGS)
@bp.arguments(TokenRequestSchema, example=TOKEN_REQUEST_EXAMPLE)
@bp.response(201, NewTokenSchema)
@bp.alt_response(401, response="UNAUTHORIZED")
@bp.alt_response(
    429,
    schema=ErrorSchema,
    description="Too many failed attempts for this account or from this address.",
    headers={"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
)
def create_token(body: dict):
    """Get an API token (public).

    Checked and throttled like the sign-in page: repeated failures for one account or from one address lock it
    for a while (429, with Retry-After)."""
    try:
        issued = issue_token(body["email"], body["password"], client_address(), body["name"])
    except SignInLocked as locked:
        return error_response(429, str(locked), "too_many_requests", {"Retry-After": str(locked.retry_after)})
    except WrongCredentials as wrong:
        commit_early()  # the failure counts towards the lock, though the call answers 401
        return error_response(401, str(wrong), "wrong_credentials", CHALLENGE)
    record = issued.record
    return {
        "id": record.id,
        "token": issued.token,
        "name": record.name,
        "created_at": record.created_at,
        "expires_at": record.expires_at,
    }


@bp.route("/tokens", methods=["GET"], tags=TAGS)
@authenticated
@bp.arguments(TokenListQuerySchema, location="query")
@bp.response(200, TokenSchema(many=True), headers=PAGE_HEADERS)
def list_tokens(query: dict):
    """Your tokens that still work, newest first unless ``sort`` says otherwise, a page at a time;
    ``updated_since``: those issued or used since a moment (their use is noted every few minutes)."""
    current = current_token().id
    records, headers = page(working_tokens(caller()), query, LISTING, "api.list_tokens")
    return (
        [
            {
                "id": record.id,
                "name": record.name,
                "created_at": record.created_at,
                "expires_at": record.expires_at,
                "last_used_at": record.last_used_at,
                "current": record.id == current,
            }
            for record in records
        ],
        200,
        headers,
    )


@bp.route(f"/tokens/{ID}", methods=["DELETE"], tags=TAGS)
@authenticated
@bp.response(204)
@bp.errors(404)
def revoke(token_id: int):
    """Revoke one of your tokens (this one included): it stops working at once."""
    if revoke_token(caller(), token_id) is None:
        return error_response(404, _("You have no such token."))
    return None
