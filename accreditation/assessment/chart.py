"""The benchmark picture as an SVG drawn on the server: one group of horizontal bars per area (the school, its
region, its country, the programme), each bar labelled with its series and value, so it reads without colour and
in print. No script, no external service; the page shows the same figures as a table.

The axis runs along the framework's scale: the bars start at its lowest level, the axis's origin, labelled like
every tick with its number, and a key under the bars names each level. Each area has a dashed line at its
benchmark (the average of its criteria's benchmarks), labelled with its value.
"""

from __future__ import annotations

from html import escape

from flask_babel import gettext as _
from markupsafe import Markup

from accreditation.assessment.comparison import Comparison
from accreditation.i18n import local, local_number

SERIES = ("school", "region", "country", "programme")
FILLS = {"school": "#0b5394", "region": "#6aa84f", "country": "#b45f06", "programme": "#7f6000"}
OUTLINE = ' stroke="#000" stroke-width="1.5"'
BAR, GAP, GROUP_GAP, LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH, KEY_LINE = 16, 3, 18, 250, 360, 150, 17


def series_titles() -> dict[str, str]:
    return {
        "school": _("Your school"),
        "region": _("Region average"),
        "country": _("Country average"),
        "programme": _("Programme average"),
    }


def _x(level: float, lowest: int, highest: int) -> float:
    """Where a level lies on the plot: the lowest level at its left edge, the highest at its right."""
    return LABEL_WIDTH + PLOT_WIDTH * (level - lowest) / max(1, highest - lowest)


def comparison_svg(comparison: Comparison) -> Markup:
    titles = series_titles()
    lowest, highest = comparison.lowest, comparison.highest
    names = {level: local(name) for level, name in comparison.scale.items()}
    group_height = len(SERIES) * (BAR + GAP) + GROUP_GAP
    key_top = 40 + group_height * len(comparison.areas) + 8
    key_lines = [_("Levels of the scale:")] + [
        f"{level} — {names[level]}" if names.get(level) else str(level) for level in range(lowest, highest + 1)
    ]
    key_lines.append(_("Dashed line: the area’s benchmark, the level its criteria should reach."))
    height = key_top + KEY_LINE * len(key_lines) + 8
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    # The sentences are taken out of the f-strings: Babel's extraction does not look inside them.
    title = _("Average level per area")
    description = _(
        "Your school beside the anonymous averages of its region, country and programme, with the benchmark of "
        "each area; the table below gives the same figures."
    )
    level = _("Level")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" '
        f'class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f'<text x="{LABEL_WIDTH - 6}" y="20" text-anchor="end" font-size="12" fill="#4a5563">{escape(level)}</text>',
    ]
    # The scale: a tick and its number for every level, the lowest (the bars' origin) included.
    plot_bottom = key_top - 10
    for level in range(lowest, highest + 1):
        x = _x(level, lowest, highest)
        colour = "#4a5563" if level == lowest else "#cfd6df"
        parts.append(f'<line x1="{x:.1f}" y1="28" x2="{x:.1f}" y2="{plot_bottom}" stroke="{colour}"/>')
        parts.append(f'<text x="{x:.1f}" y="20" text-anchor="middle" font-size="12">{level}</text>')
    y = 40
    for area in comparison.areas:
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="13" font-weight="bold">{escape(local(area.area.title))}</text>'
        )
        for index, series in enumerate(SERIES):
            value = getattr(area, series)
            top = y + index * (BAR + GAP)
            label = titles[series]
            if value is None:
                text = _("%(series)s: not enough data", series=label)
                parts.append(
                    f'<text x="{LABEL_WIDTH + 4}" y="{top + 12}" font-size="12" fill="#4a5563">{escape(text)}</text>'
                )
                continue
            bar_width = max(2.0, _x(value, lowest, highest) - LABEL_WIDTH)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{top}" width="{bar_width:.1f}" height="{BAR}" fill="{FILLS[series]}"'
                f"{OUTLINE if series == 'school' else ''}/>"
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + bar_width + 6:.1f}" y="{top + 12}" font-size="12">'
                f"{escape(label)} {escape(local_number(value, 1))}</text>"
            )
        bottom = y + len(SERIES) * (BAR + GAP)
        benchmark = _x(area.benchmark, lowest, highest)
        parts.append(
            f'<line class="benchmark" x1="{benchmark:.1f}" y1="{y - 3}" x2="{benchmark:.1f}" y2="{bottom}" '
            f'stroke="#000" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="{benchmark:.1f}" y="{bottom + 12}" text-anchor="middle" font-size="11">'
            f"{escape(_('Benchmark %(level)s', level=local_number(area.benchmark, 1)))}</text>"
        )
        y += group_height
    for index, line in enumerate(key_lines):
        weight = ' font-weight="bold"' if index == 0 else ""
        line_y = key_top + KEY_LINE * (index + 1) - 4
        parts.append(f'<text x="0" y="{line_y}" font-size="12"{weight}>{escape(line)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
