"""Bar charts drawn on the server as SVG: no script, no external service, readable on paper.

Every bar carries its label and its value as text (nothing is said by colour alone) and links to its drill-down.
The charts are hidden from screen readers (``aria-hidden``): the page gives the same figures, with the same links,
as tables. Styling comes from classes in dashboard.css (the Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT_SIZE = 13
CHARACTER_WIDTH = 7.2  # an average character at FONT_SIZE, for room around the text
ROW_HEIGHT = 26
BAR_AREA = 240
VALUE_GAP = 6
MAX_LABEL_CHARACTERS = 42


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
    label_width = round(max((len(_shorten(bar.label)) for bar in bars), default=10) * CHARACTER_WIDTH) + 12
    value_width = round(max((len(bar.text) for bar in bars), default=4) * (CHARACTER_WIDTH + 0.6)) + VALUE_GAP + 8
    width = label_width + BAR_AREA + value_width
    height = ROW_HEIGHT * max(len(bars), 1) + 8
    parts = [_open(width, height, title)]
    for index, bar in enumerate(bars):
        y = 4 + index * ROW_HEIGHT
        length = max(bar.value / top * BAR_AREA, 1 if bar.value else 0)
        middle = y + ROW_HEIGHT / 2
        row = [
            f'<text class="chart-label" x="{label_width - 8}" y="{middle:.1f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(_shorten(bar.label))}</text>',
            f'<rect class="chart-bar{" chart-bar-muted" if bar.muted else ""}" x="{label_width}" y="{y + 4}" '
            f'width="{length:.1f}" height="{ROW_HEIGHT - 8}"/>',
            f'<text class="chart-value" x="{label_width + length + VALUE_GAP:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="middle">{escape(bar.text)}</text>',
        ]
        parts.append(_linked(bar, "".join(row)))
    parts.append("</svg>")
    return Markup("".join(parts))


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


def _shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARACTERS else label[: MAX_LABEL_CHARACTERS - 1].rstrip() + "…"
