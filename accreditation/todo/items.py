"""The shapes of a to-do list: items (a sentence and the exact place to act), grouped in sections that say what
will appear there when they are empty."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# How urgent an item is, for its mark on the page (the template only shows it).
OVERDUE = "overdue"
SOON = "soon"
NORMAL = "normal"
WAITING = "waiting"  # nothing to do: someone else acts next


@dataclass(frozen=True)
class TodoItem:
    """One thing to do: ``kind`` names the rule that made it (stable, for tests and styles), ``text`` says it in
    the person's language, ``url`` is where it is done; ``due`` its due date, if any; ``detail`` a second line."""

    kind: str
    text: str
    url: str
    urgency: str = NORMAL
    due: date | None = None
    detail: str = ""


@dataclass(frozen=True)
class TodoSection:
    """A titled group of items; ``empty`` says what will appear here, shown while there is none. ``more`` is the
    number of items left off (``more_url`` lists them all)."""

    key: str
    title: str
    empty: str
    items: list[TodoItem] = field(default_factory=list)
    more: int = 0
    more_url: str | None = None


@dataclass(frozen=True)
class HomeTodo:
    """A person's home page: one heading per part of their work (a school, their reviews, their region)."""

    parts: list[TodoPart]

    @property
    def count(self) -> int:
        return sum(len(section.items) for part in self.parts for section in part.sections)


@dataclass(frozen=True)
class TodoPart:
    key: str  # school-<id>, reviews, coordination
    title: str
    sections: list[TodoSection]
    url: str | None = None  # the part's own page (the school's page, the queue, the dashboard)
