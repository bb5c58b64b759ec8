"""Bar charts drawn on the server as SVG: no script, no external service, readable on paper.

Every bar carries its label and its value as text (nothing is said by colour alone) and links to its drill-down.
The charts are hidden from screen readers (``aria-hidden``): the page gives the same figures, with the same links,
as tables. Styling comes from classes in dashboard.css (the Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT_SIZE = 13
CHARACTER_WIDTH = 7.2  # an average character at FONT_SIZE, for room around the text
LABEL_CHARACTER_WIDTH = 8.2  # a generous average for labels: Cyrillic letters are wider than Latin ones
ROW_HEIGHT = 26
LINE_HEIGHT = 15  # each further line of a wrapped label
BAR_AREA = 240
VALUE_GAP = 6
MAX_LABEL_CHARACTERS = 66
LABEL_LINE_CHARACTERS = 22  # a label wraps at this width (on words) rather than widening the chart
LABEL_LINES = 3  # Russian and Belarusian state names run to about 50 characters: whole, not cut


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown, e.g. "12" or "4.5 d"
    href: str | None = None
    muted: bool = False  # e.g. a final state: drawn hatched, and said so in the label


def horizontal_bars(bars: Sequence[Bar], title: str) -> Markup:
    """One row per bar: its label, the bar, and its value written after it."""
    top = max((bar.value for bar in bars), default=0) or 1
    labels = [label_lines(bar.label) for bar in bars]
    longest = max((len(line) for lines in labels for line in lines), default=10)
    label_width = round(longest * LABEL_CHARACTER_WIDTH) + 12
    value_width = round(max((len(bar.text) for bar in bars), default=4) * (CHARACTER_WIDTH + 0.6)) + VALUE_GAP + 8
    width = label_width + BAR_AREA + value_width
    heights = [ROW_HEIGHT + (len(lines) - 1) * LINE_HEIGHT for lines in labels]
    height = sum(heights) + 8 if bars else ROW_HEIGHT + 8
    parts = [_open(width, height, title)]
    y = 4
    for bar, lines, row_height in zip(bars, labels, heights, strict=True):
        length = max(bar.value / top * BAR_AREA, 1 if bar.value else 0)
        middle = y + row_height / 2
        first = middle - (len(lines) - 1) * LINE_HEIGHT / 2
        spans = "".join(
            f'<tspan x="{label_width - 8}" y="{first + index * LINE_HEIGHT:.1f}">{escape(line)}</tspan>'
            for index, line in enumerate(lines)
        )
        row = [
            f'<text class="chart-label" text-anchor="end" dominant-baseline="middle">{spans}</text>',
            f'<rect class="chart-bar{" chart-bar-muted" if bar.muted else ""}" x="{label_width}" '
            f'y="{middle - (ROW_HEIGHT - 8) / 2:.1f}" width="{length:.1f}" height="{ROW_HEIGHT - 8}"/>',
            f'<text class="chart-value" x="{label_width + length + VALUE_GAP:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="middle">{escape(bar.text)}</text>',
        ]
        parts.append(_linked(bar, "".join(row)))
        y += row_height
    parts.append("</svg>")
    return Markup("".join(parts))


def label_lines(label: str) -> list[str]:
    """A bar's label on at most three lines of about 22 characters, wrapped on words (a longer one ends in "…"):
    long words and long labels, in Russian, Ukrainian or Belarusian, make the chart taller, not wider or clipped."""
    lines = textwrap.wrap(_shorten(label), LABEL_LINE_CHARACTERS, break_long_words=True) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[: LABEL_LINES - 1] + [_shorten(" ".join(lines[LABEL_LINES - 1 :]), LABEL_LINE_CHARACTERS)]
    return lines


def columns(bars: Sequence[Bar], title: str) -> Markup:
    """One column per bar (e.g. per month), its value above it and its label below, turned to fit."""
    slot = 34
    chart_height = 130
    top_margin, bottom_margin, left = 20, 58, 44  # room on the left for the first label, turned
    width = left + slot * max(len(bars), 1) + 8
    height = top_margin + chart_height + bottom_margin
    top = max((bar.value for bar in bars), default=0) or 1
    baseline = top_margin + chart_height
    parts = [_open(width, height, title)]
    parts.append(f'<line class="chart-axis" x1="{left}" y1="{baseline}" x2="{width - 8}" y2="{baseline}"/>')
    for index, bar in enumerate(bars):
        x = left + index * slot
        length = max(bar.value / top * chart_height, 1 if bar.value else 0)
        centre = x + slot / 2
        column = [
            f'<rect class="chart-bar" x="{x + 5}" y="{baseline - length:.1f}" width="{slot - 10}" '
            f'height="{length:.1f}"/>',
            f'<text class="chart-value" x="{centre:.1f}" y="{baseline - length - 4:.1f}" '
            f'text-anchor="middle">{escape(bar.text)}</text>',
            f'<text class="chart-label" x="{centre:.1f}" y="{baseline + 12}" text-anchor="end" '
            f'transform="rotate(-45 {centre:.1f} {baseline + 12})">{escape(bar.label)}</text>',
        ]
        parts.append(_linked(bar, "".join(column)))
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="{FONT_SIZE}" aria-hidden="true" focusable="false">'
        f"<title>{escape(title)}</title>"
    )


def _linked(bar: Bar, content: str) -> str:
    tooltip = f"<title>{escape(bar.label)}: {escape(bar.text)}</title>"
    if not bar.href:
        return f"<g>{tooltip}{content}</g>"
    return f'<a href="{escape(bar.href)}" tabindex="-1">{tooltip}{content}</a>'


def _shorten(label: str, most: int = MAX_LABEL_CHARACTERS) -> str:
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"
