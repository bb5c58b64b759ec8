"""Diagram source (Mermaid or Graphviz DOT) drawn from a programme definition; rendering is the caller's job.

Each event is an arrow per source state, labelled with the event's label and the roles that may fire it;
events only the ``system`` role fires (timers, tasks) are drawn dashed in DOT and marked "automatic".
"""

from __future__ import annotations

import re

from .definition import Event, ProgrammeDefinition
from .roles import SYSTEM

FORMATS: tuple[str, ...] = ("mermaid", "dot")


def render_diagram(definition: ProgrammeDefinition, format: str = "mermaid") -> str:
    """The diagram's source text in ``format`` (one of FORMATS); ValueError for any other format."""
    if format == "mermaid":
        return _mermaid(definition)
    if format == "dot":
        return _dot(definition)
    raise ValueError(f"unknown diagram format {format!r}; use one of {', '.join(FORMATS)}")


def _edge_label(event: Event) -> str:
    if event.roles == {SYSTEM}:
        return f"{event.label} (automatic)"
    people = sorted(event.roles - {SYSTEM})
    return f"{event.label} [{', '.join(people)}]"


def _mermaid(definition: ProgrammeDefinition) -> str:
    lines = ["stateDiagram-v2"]
    for name, state in definition.states.items():
        lines.append(f'    state "{_mermaid_text(state.label)}" as {name}')
    lines.append(f"    [*] --> {definition.initial}")
    for event in definition.events.values():
        for source in event.sources:
            lines.append(f"    {source} --> {event.dest} : {_mermaid_text(_edge_label(event))}")
    for name in definition.final_states:
        lines.append(f"    {name} --> [*]")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    """Text safe inside a Mermaid label: no quotes, colons, semicolons or hashes, which end or escape one."""
    return re.sub(r"\s+", " ", text.replace('"', "'").replace(":", " -").replace(";", ",").replace("#", "no.")).strip()


def _dot(definition: ProgrammeDefinition) -> str:
    lines = [
        f"digraph {_dot_text(definition.code)} {{",
        "    rankdir=LR;",
        '    node [shape=box, style=rounded, fontname="sans-serif"];',
        '    edge [fontname="sans-serif", fontsize=10];',
        '    __start [shape=point, label=""];',
        f"    __start -> {definition.initial};",
    ]
    for name, state in definition.states.items():
        extra = ", peripheries=2" if state.is_final else ""
        lines.append(f"    {name} [label={_dot_text(state.label)}{extra}];")
    for event in definition.events.values():
        style = ", style=dashed" if event.roles == {SYSTEM} else ""
        for source in event.sources:
            lines.append(f"    {source} -> {event.dest} [label={_dot_text(_edge_label(event))}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    """A quoted DOT string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
