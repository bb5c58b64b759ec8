"""Lists a page at a time: ``after`` (the id of the last item of the page before) and ``limit``, with a ``Link``
header to the next page when the page is full; ``X-Total-Count``, how many items match the filters on all pages;
``sort`` (a whitelisted field, ``-`` for descending, ties broken by id); ``updated_since`` (ISO 8601) for an
incremental sync.

A list describes itself once with a ``Listing`` (its id, its sortable columns, what "changed since" means) and a
query schema derived from ``PageQuerySchema`` with a ``sort = sort_field(...)``; its view calls ``page``::

    rows, headers = page(statement, query, LISTING, "api.list_things")
    return [thing_json(row) for row in rows], 200, headers
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import request, url_for
from marshmallow import Schema, fields, validate
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.sql import ColumnElement

from accreditation.api.fields import Text, query_number
from accreditation.extensions import db

LINK = {
    "Link": {
        "description": 'The next page, as <url>; rel="next", when there may be one.',
        "schema": {"type": "string"},
    }
}
TOTAL = {
    "X-Total-Count": {
        "description": "How many items match the filters, on every page together.",
        "schema": {"type": "integer", "minimum": 0},
    }
}
PAGE_HEADERS = {**LINK, **TOTAL}


class PageQuerySchema(Schema):
    """The paging parameters of every list; a list's own schema adds its filters and ``sort = sort_field(...)``."""

    after = query_number(
        1, metadata={"description": "The id of the last item of the page before, in the same order (the next page)."}
    )
    limit = query_number(1, 500, load_default=100)
    updated_since = fields.AwareDateTime(
        default_timezone=UTC,
        metadata={
            "description": "Only items created or changed at or after this moment (ISO 8601, e.g. "
            "2026-01-31T12:00:00Z; UTC when no offset is given), for an incremental sync.",
            "example": "2026-01-31T12:00:00Z",
        },
    )


def sort_field(names: Sequence[str], default: str = "id") -> fields.Field:
    """The ``sort`` parameter: one of ``names``, ascending, or descending with a leading ``-``."""
    return Text(
        load_default=default,
        validate=validate.OneOf([*names, *(f"-{name}" for name in names)]),
        metadata={"description": f"The order: a field, or -field for descending; ties by id. Default: {default}."},
    )


@dataclass(frozen=True)
class Listing:
    """What a list may be sorted by (``sort`` names → columns; ``id`` among them) and which items changed since a
    moment (None: the list has no ``updated_since``)."""

    id: Any
    sortable: Mapping[str, Any]
    changed_since: Callable[[datetime], ColumnElement[bool]] | None = None


def page(statement: Select, query: Mapping[str, Any], listing: Listing, endpoint: str) -> tuple[list, dict[str, str]]:
    """One page of ``statement`` (a select of one entity) as the query asks, and its headers: ``X-Total-Count``
    and, when the page is full, ``Link``."""
    if query.get("updated_since") is not None and listing.changed_since is not None:
        statement = statement.where(listing.changed_since(query["updated_since"]))
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = list(db.session.scalars(ordered(statement, query, listing).limit(query["limit"])))
    return rows, {"X-Total-Count": str(total), **next_page_link(endpoint, rows, query["limit"])}


def ordered(statement: Select, query: Mapping[str, Any], listing: Listing) -> Select:
    """``statement`` in the order of ``sort`` (ties by id), from just after the item ``after``."""
    name = query.get("sort") or "id"
    descending = name.startswith("-")
    column = listing.sortable[name.removeprefix("-")]
    after = query.get("after")
    if after is not None:
        statement = statement.where(beyond(column, descending, after, listing.id))
    key = column.desc() if descending else column.asc()
    return statement.order_by(key) if column is listing.id else statement.order_by(key, listing.id.asc())


def beyond(column: Any, descending: bool, after: int, id_column: Any) -> ColumnElement[bool]:
    """The items after the item with id ``after`` in the order of ``column`` (then id)."""
    if column is id_column:
        return id_column < after if descending else id_column > after
    value = select(column).where(id_column == after).correlate(None).scalar_subquery()
    return or_(column < value if descending else column > value, and_(column == value, id_column > after))


def next_page_link(endpoint: str, rows: list, limit: int) -> dict[str, str]:
    """A ``Link`` header to the page after ``rows`` when the page is full (the same filters and order)."""
    if len(rows) < limit:
        return {}
    args = {name: value for name, value in request.args.items() if name != "after"}
    return {"Link": f'<{url_for(endpoint, **args, after=rows[-1].id)}>; rel="next"'}
