"""Programme diagrams drawn as SVG on the server from the definitions."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from accreditation.pages.applications.diagram import MANY_SOURCES, programme_svg
from tests.workflows.conftest import THIRD_DIR, stand_in_registry
from workflows import PROGRAMMES_DIR, load_programmes

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def programmes():
    return load_programmes([PROGRAMMES_DIR, THIRD_DIR], stand_in_registry())


@pytest.mark.parametrize("code", ["ciss", "esafety-label", "digital-citizenship"])
def test_every_state_and_every_move_is_drawn(programmes, code):
    definition = programmes[code].definition
    root = ElementTree.fromstring(str(programme_svg(definition)))
    drawn_states = {group.get("data-state") for group in root.iter(f"{SVG}g")}
    assert drawn_states == set(definition.states)
    arrows = [path for path in root.iter(f"{SVG}path") if path.find(f"{SVG}title") is not None]
    # One arrow per source state, but one arrow in all for an event that leaves many states (e.g. withdraw).
    expected = sum(len(e.sources) if len(e.sources) < MANY_SOURCES else 1 for e in definition.events.values())
    assert len(arrows) == expected
    texts = " ".join(text.text or "" for text in root.iter(f"{SVG}text"))
    assert all(event.label in texts for event in definition.events.values())


def test_the_current_state_is_highlighted(programmes):
    svg = str(programme_svg(programmes["ciss"].definition, current="under_review"))
    root = ElementTree.fromstring(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("data-state") == "under_review")
    assert group.find(f"{SVG}rect").get("fill") == "#fff4d6"


def test_the_drawing_needs_no_inline_style_or_script(programmes):
    svg = str(programme_svg(programmes["ciss"].definition))
    assert "style=" not in svg and "<script" not in svg  # the pages' Content-Security-Policy allows neither
