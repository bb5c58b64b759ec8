"""Lists a page at a time, by id: ``after`` (the last id of the page before) and ``limit``, with a ``Link``
header to the next page when the page is full."""

from __future__ import annotations

from flask import request, url_for

LINK = {
    "Link": {
        "description": 'The next page, as <url>; rel="next", when there may be one.',
        "schema": {"type": "string"},
    }
}


def next_page_link(endpoint: str, rows: list, limit: int) -> dict[str, str]:
    """A ``Link`` header to the page after ``rows`` (ordered by id) when the page is full."""
    if len(rows) < limit:
        return {}
    args = {name: value for name, value in request.args.items() if name != "after"}
    return {"Link": f'<{url_for(endpoint, **args, after=rows[-1].id)}>; rel="next"'}
