"""A programme's state diagram drawn as SVG on the server, from its definition: no JavaScript, no CDN.

A small layered drawing (after Sugiyama): moves that lead back are turned round for the layout, each state goes
in the row of its longest distance from the initial state, a move that spans several rows passes through
invisible waypoints in the rows between (so it runs between states, not through them), and each row is ordered
by the mean position of its neighbours. An event leaving many states (e.g. withdraw) is drawn once, as a short
arrow into its state, instead of one arrow per state. The events table on the page says the same precisely.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from accreditation.applications.reads import who_fires
from accreditation.i18n import local
from workflows import SYSTEM, Event, ProgrammeDefinition

NODE_WIDTH = 196
NODE_HEIGHT = 48
WAYPOINT_WIDTH = 14
GAP_X = 40
GAP_Y = 84
MARGIN = 28
TOP_SPACE = 40  # above the first row: the start marker and the arrows of events from many states
LOOP_SPACE = 56  # right of the widest row, for loops
LABEL_CHARS = 26
LABEL_CHAR_WIDTH = 6.0  # average width of an 11px character, for keeping labels apart
LABEL_POSITIONS = (0.5, 0.35, 0.65, 0.22, 0.78)
MANY_SOURCES = 4  # an event leaving this many states is drawn once
ORDERING_PASSES = 12

Point = tuple[float, float]


@dataclass(frozen=True)
class Edge:
    source: str
    dest: str
    event: Event
    labelled: bool


@dataclass
class Layout:
    row_of: dict[str, int]
    x: dict[str, float]  # centres of states and waypoints
    y: dict[str, float]
    waypoints: dict[int, list[str]]  # edge index -> waypoints, from the upper end to the lower
    upper: dict[int, str]  # edge index -> its upper end (the source, or the dest of a move back)
    lower: dict[int, str]
    width: float
    height: float
    ports: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (node, "top"|"bottom") -> edges


def _edges(definition: ProgrammeDefinition) -> tuple[list[Edge], list[Event]]:
    """The arrows to draw, and the events from many states drawn once each."""
    edges: list[Edge] = []
    gathered: list[Event] = []
    for event in definition.events.values():
        if len(event.sources) >= MANY_SOURCES:
            gathered.append(event)
            continue
        for index, source in enumerate(event.sources):
            edges.append(Edge(source, event.dest, event, labelled=index == 0))
    return edges, gathered


def _back_edges(definition: ProgrammeDefinition, edges: list[Edge]) -> set[tuple[str, str]]:
    """Edges that close a cycle in a depth-first walk from the initial state."""
    successors: dict[str, list[str]] = {name: [] for name in definition.states}
    for edge in edges:
        if edge.source != edge.dest and edge.dest not in successors[edge.source]:
            successors[edge.source].append(edge.dest)
    back: set[tuple[str, str]] = set()
    done: set[str] = set()
    for root in [definition.initial, *definition.states]:
        if root in done:
            continue
        on_path = {root}
        stack = [(root, iter(successors[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                done.add(node)
            elif child in on_path:
                back.add((node, child))
            elif child not in done:
                on_path.add(child)
                stack.append((child, iter(successors[child])))
    return back


def _rows(definition: ProgrammeDefinition, links: list[tuple[str, str]]) -> dict[str, int]:
    """Each state's row: its longest distance from a state nothing leads to (``links`` form no cycle)."""
    row_of = {name: 0 for name in definition.states}
    for _round in definition.states:
        changed = False
        for upper, lower in links:
            if row_of[lower] < row_of[upper] + 1:
                row_of[lower] = row_of[upper] + 1
                changed = True
        if not changed:
            break
    return row_of


def _order(rows: list[list[str]], neighbours: dict[str, set[str]]) -> None:
    """Reorder each row (in place) by the mean position of each node's neighbours, sweeping down and up."""
    for sweep in range(ORDERING_PASSES):
        position = {name: index - (len(row) - 1) / 2 for row in rows for index, name in enumerate(row)}
        for row in rows if sweep % 2 == 0 else list(reversed(rows)):
            centres = {
                name: (
                    sum(position[other] for other in neighbours[name]) / len(neighbours[name])
                    if neighbours[name]
                    else position[name]
                )
                for name in row
            }
            row.sort(key=centres.__getitem__)
            position.update({name: index - (len(row) - 1) / 2 for index, name in enumerate(row)})


def layout(definition: ProgrammeDefinition, edges: list[Edge]) -> Layout:
    back = _back_edges(definition, edges)
    upper: dict[int, str] = {}
    lower: dict[int, str] = {}
    for index, edge in enumerate(edges):
        if edge.source == edge.dest:
            continue
        turned = (edge.source, edge.dest) in back
        upper[index], lower[index] = (edge.dest, edge.source) if turned else (edge.source, edge.dest)
    row_of = _rows(definition, [(upper[i], lower[i]) for i in upper])

    waypoints: dict[int, list[str]] = {}
    neighbours: dict[str, set[str]] = {name: set() for name in definition.states}
    for index in upper:
        chain = [f"~{index}~{row}" for row in range(row_of[upper[index]] + 1, row_of[lower[index]])]
        waypoints[index] = chain
        for waypoint, row in zip(chain, range(row_of[upper[index]] + 1, row_of[lower[index]]), strict=True):
            row_of[waypoint] = row
            neighbours[waypoint] = set()
        path = [upper[index], *chain, lower[index]]
        for first, second in zip(path, path[1:], strict=False):
            neighbours[first].add(second)
            neighbours[second].add(first)

    rows: list[list[str]] = [[] for _ in range(max(row_of.values()) + 1)]
    for name in row_of:  # states in file order, then waypoints
        rows[row_of[name]].append(name)
    _order(rows, neighbours)

    def width_of(name: str) -> float:
        return WAYPOINT_WIDTH if name.startswith("~") else NODE_WIDTH

    def row_width(row: list[str]) -> float:
        return sum(width_of(name) for name in row) + GAP_X * (len(row) - 1)

    widest = max(row_width(row) for row in rows)
    x: dict[str, float] = {}
    y: dict[str, float] = {}
    for number, row in enumerate(rows):
        left = MARGIN + (widest - row_width(row)) / 2
        for name in row:
            x[name] = left + width_of(name) / 2
            y[name] = MARGIN + TOP_SPACE + number * (NODE_HEIGHT + GAP_Y) + NODE_HEIGHT / 2
            left += width_of(name) + GAP_X

    ports: dict[tuple[str, str], list[int]] = {}
    for index in upper:
        ports.setdefault((upper[index], "bottom"), []).append(index)
        ports.setdefault((lower[index], "top"), []).append(index)
    for (_node, side), group in ports.items():

        def other_end(index: int, side: str = side) -> float:
            chain = waypoints[index]
            if side == "bottom":
                return x[chain[0]] if chain else x[lower[index]]
            return x[chain[-1]] if chain else x[upper[index]]

        group.sort(key=other_end)

    width = 2 * MARGIN + widest + LOOP_SPACE
    height = 2 * MARGIN + TOP_SPACE + len(rows) * (NODE_HEIGHT + GAP_Y) - GAP_Y
    return Layout(row_of, x, y, waypoints, upper, lower, width, height, ports)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _curve(points: list[Point]) -> str:
    """A smooth path through ``points``, leaving and entering each one vertically."""
    (x0, y0), *rest = points
    parts = [f"M{_fmt(x0)},{_fmt(y0)}"]
    for x1, y1 in rest:
        bend = (y1 - y0) / 2
        parts.append(f"C{_fmt(x0)},{_fmt(y0 + bend)} {_fmt(x1)},{_fmt(y1 - bend)} {_fmt(x1)},{_fmt(y1)}")
        x0, y0 = x1, y1
    return " ".join(parts)


def _arrow(d: str, event: Event, ident: str, title: str) -> str:
    dash = ' stroke-dasharray="5 4"' if event.roles == {SYSTEM} else ""
    return (
        f'<path d="{d}" fill="none" stroke="#4a5563" stroke-width="1.4"{dash} '
        f'marker-end="url(#arrow-{ident})"><title>{escape(title)}</title></path>'
    )


def _label(at: Point, text: str, anchor: str = "middle") -> str:
    return (
        f'<text x="{_fmt(at[0])}" y="{_fmt(at[1])}" font-size="11" text-anchor="{anchor}" fill="#1b1f24" '
        f'stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(text)}</text>'
    )


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _label_box(at: Point, text: str) -> Box:
    """Roughly where a centred 11px label at ``at`` (its baseline) is drawn."""
    half = len(text) * LABEL_CHAR_WIDTH / 2 + 2
    return at[0] - half, at[1] - 11, at[0] + half, at[1] + 3


def _overlaps(box: Box, others: list[Box]) -> bool:
    return any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in others)


def _along(points: list[Point], t: float) -> Point:
    """The point at ``t`` (0-1) of the first segment of the curve ``_curve(points)`` draws."""
    (x0, y0), (x1, y1) = points[0], points[1]
    bend = (y1 - y0) / 2
    p1, p2 = (x0, y0 + bend), (x1, y1 - bend)
    u = 1 - t
    return (
        u**3 * x0 + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * x1,
        u**3 * y0 + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * y1,
    )


def _place(points: list[Point], text: str, taken: list[Box]) -> Point:
    """A spot for an arrow's label on its first segment, clear of the labels and states already there."""
    candidates = [_along(points, t) for t in LABEL_POSITIONS]
    candidates += [(x, y + shift) for x, y in candidates for shift in (-13, 13)]
    for x, y in candidates:
        spot = (x, y + 4)
        if not _overlaps(_label_box(spot, text), taken):
            return spot
    x, y = candidates[0]
    return x, y + 4


def _who(event: Event) -> str:
    """Who fires ``event``, in the reader's language ("a coordinator or the assessor"), not the roles' codes."""
    return who_fires(event) or ", ".join(sorted(event.roles))


def programme_svg(definition: ProgrammeDefinition, current: str | None = None) -> Markup:
    """The programme's diagram as an inline SVG element; ``current`` highlights the state an application is in."""
    edges, gathered = _edges(definition)
    shape = layout(definition, edges)
    ident = "".join(ch if ch.isalnum() else "-" for ch in definition.code)
    half_w, half_h = NODE_WIDTH / 2, NODE_HEIGHT / 2
    title = _("%(programme)s: states and the events between them", programme=local(definition.name))
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="programme-diagram" role="img" '
        f'viewBox="0 0 {_fmt(shape.width)} {_fmt(shape.height)}" width="{_fmt(shape.width)}" '
        f'aria-labelledby="diagram-{ident}-title">',
        f'<title id="diagram-{ident}-title">{escape(title)}</title>',
        f'<defs><marker id="arrow-{ident}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4a5563"/></marker></defs>',
    ]
    initial_x, initial_top = shape.x[definition.initial], shape.y[definition.initial] - half_h
    parts.append(f'<circle cx="{_fmt(initial_x)}" cy="{_fmt(initial_top - 30)}" r="6" fill="#1b1f24"/>')
    parts.append(
        f'<path d="M{_fmt(initial_x)},{_fmt(initial_top - 24)} L{_fmt(initial_x)},{_fmt(initial_top - 2)}" '
        f'stroke="#1b1f24" fill="none" marker-end="url(#arrow-{ident})"/>'
    )

    def port(node: str, side: str, index: int) -> Point:
        group = shape.ports[(node, side)]
        spread = min(22.0, NODE_WIDTH * 0.7 / len(group))
        offset = (group.index(index) - (len(group) - 1) / 2) * spread
        edge_y = shape.y[node] + (half_h if side == "bottom" else -half_h - 2)
        return shape.x[node] + offset, edge_y

    labels: list[str] = []
    taken: list[Box] = [
        (shape.x[name] - half_w, shape.y[name] - half_h, shape.x[name] + half_w, shape.y[name] + half_h)
        for name in definition.states
    ]
    for index, edge in enumerate(edges):
        title = f"{local(edge.event.label)}: {_who(edge.event)}"
        if edge.source == edge.dest:
            x0, y0 = shape.x[edge.source] + half_w, shape.y[edge.source]
            d = (
                f"M{_fmt(x0)},{_fmt(y0 - 10)} C{_fmt(x0 + 44)},{_fmt(y0 - 34)} {_fmt(x0 + 44)},{_fmt(y0 + 34)} "
                f"{_fmt(x0 + 2)},{_fmt(y0 + 10)}"
            )
            parts.append(_arrow(d, edge.event, ident, title))
            if edge.labelled:
                labels.append(_label((x0 + 4, y0 - 30), local(edge.event.label), anchor="start"))
            continue
        upper, lower = shape.upper[index], shape.lower[index]
        points = [
            port(upper, "bottom", index),
            *((shape.x[w], shape.y[w]) for w in shape.waypoints[index]),
            port(lower, "top", index),
        ]
        if upper != edge.source:  # a move back: drawn from the lower state up to the upper one
            points.reverse()
        parts.append(_arrow(_curve(points), edge.event, ident, title))
        if edge.labelled:
            spot = _place(points, local(edge.event.label), taken)
            taken.append(_label_box(spot, local(edge.event.label)))
            labels.append(_label(spot, local(edge.event.label)))

    for event in gathered:
        dest_x, dest_top = shape.x[event.dest], shape.y[event.dest] - half_h
        title = _(
            "%(event)s: %(who)s; from %(states)s",
            event=local(event.label),
            who=_who(event),
            states=", ".join(local(definition.states[s].label) for s in event.sources),
        )
        d = f"M{_fmt(dest_x)},{_fmt(dest_top - 18)} L{_fmt(dest_x)},{_fmt(dest_top - 2)}"
        parts.append(_arrow(d, event, ident, title))
        labels.append(_label((dest_x, dest_top - 34), local(event.label)))
        labels.append(
            _label(
                (dest_x, dest_top - 22), ngettext("(from %(num)s state)", "(from %(num)s states)", len(event.sources))
            )
        )

    for name, state in definition.states.items():
        left, top = shape.x[name] - half_w, shape.y[name] - half_h
        is_current = name == current
        fill = "#fff4d6" if is_current else "#f3f6f9"
        stroke_width = "3" if is_current or name == definition.initial else "1.5"
        parts.append(
            f'<g class="diagram-state" data-state="{escape(name)}"><title>{escape(local(state.label))}</title>'
        )
        parts.append(
            f'<rect x="{_fmt(left)}" y="{_fmt(top)}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="8" '
            f'fill="{fill}" stroke="#0b5394" stroke-width="{stroke_width}"/>'
        )
        if state.is_final:
            parts.append(
                f'<rect x="{_fmt(left + 4)}" y="{_fmt(top + 4)}" width="{NODE_WIDTH - 8}" height="{NODE_HEIGHT - 8}" '
                'rx="6" fill="none" stroke="#0b5394" stroke-width="1"/>'
            )
        lines = textwrap.wrap(local(state.label), LABEL_CHARS)[:2] or [name]
        first_y = shape.y[name] + 4 - (len(lines) - 1) * 8
        for number, line in enumerate(lines):
            parts.append(
                f'<text x="{_fmt(shape.x[name])}" y="{_fmt(first_y + number * 16)}" font-size="13" '
                f'text-anchor="middle" fill="#1b1f24">{escape(line)}</text>'
            )
        parts.append("</g>")
    parts.extend(labels)
    parts.append("</svg>")
    return Markup("".join(parts))
