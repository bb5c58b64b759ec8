"""Reading the dashboard's pages in tests: the cells of a table, by its id."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.depth = 0  # > 0 inside the wanted table
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(html: str, table_id: str) -> list[list[str]]:
    """The rows of the table ``table_id`` (header and footer rows included), each a list of cell texts."""
    parser = _Tables(table_id)
    parser.feed(html)
    assert parser.rows, f"no table {table_id!r} on the page"
    return parser.rows


def body(html: str, table_id: str) -> dict[str, list[str]]:
    """The body rows of a figures table, by the text of their first cell."""
    rows = table(html, table_id)[1:]
    return {row[0]: row[1:] for row in rows if row}
