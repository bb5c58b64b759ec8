"""The benchmark picture as an SVG drawn on the server: one group of horizontal bars per area (the school, its
region, its country, the programme), each bar labelled with its series and value, so it reads without colour and
in print. No script, no external service; the page shows the same figures as a table."""

from __future__ import annotations

from html import escape

from flask_babel import gettext as _
from markupsafe import Markup

from accreditation.assessment.comparison import Comparison
from accreditation.i18n import local, local_number

SERIES = ("school", "region", "country", "programme")
FILLS = {"school": "#0b5394", "region": "#6aa84f", "country": "#b45f06", "programme": "#7f6000"}
OUTLINE = ' stroke="#000" stroke-width="1.5"'
BAR, GAP, GROUP_GAP, LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH = 16, 3, 18, 250, 360, 150


def series_titles() -> dict[str, str]:
    return {
        "school": _("Your school"),
        "region": _("Region average"),
        "country": _("Country average"),
        "programme": _("Programme average"),
    }


def comparison_svg(comparison: Comparison) -> Markup:
    titles = series_titles()
    group_height = len(SERIES) * (BAR + GAP) + GROUP_GAP
    height = 40 + group_height * len(comparison.areas) + 30
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" '
        f'class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<title id="chart-title">{escape(_("Average level per area"))}</title>',
        f'<desc id="chart-desc">{escape(_("Your school beside the anonymous averages of its region, country and programme; the table below gives the same figures."))}</desc>',  # noqa: E501
    ]
    # The scale: a tick and label for every level.
    for level in range(comparison.lowest, comparison.highest + 1):
        x = LABEL_WIDTH + PLOT_WIDTH * level / comparison.highest
        parts.append(f'<line x1="{x:.1f}" y1="28" x2="{x:.1f}" y2="{height - 24}" stroke="#cfd6df"/>')
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
            bar_width = max(2.0, PLOT_WIDTH * value / comparison.highest)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{top}" width="{bar_width:.1f}" height="{BAR}" fill="{FILLS[series]}"'
                f"{OUTLINE if series == 'school' else ''}/>"
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + bar_width + 6:.1f}" y="{top + 12}" font-size="12">'
                f"{escape(label)} {escape(local_number(value, 1))}</text>"
            )
        y += group_height
    parts.append("</svg>")
    return Markup("".join(parts))
