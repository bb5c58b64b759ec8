"""The embeddable badge: an SVG per programme, award level and language for a school's website, and the HTML
snippet that shows it as a link to the certificate's public verification page (where anyone sees whether it still
holds: the badge itself says nothing about one school, so a copied badge proves nothing)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from accreditation.applications.runtime import current_workflows
from accreditation.certificates.rendering import verify_url
from accreditation.i18n import supported_locales
from accreditation.models import Certificate

# One colour per rank, lowest first (a level beyond the list takes the last); contrast ≥ 4.5:1 with white text.
RANK_COLOURS = ("#1f5f8b", "#2e6b34", "#8a5a00", "#6b2e7a")
WIDTH, HEIGHT = 260, 88


@dataclass(frozen=True)
class BadgeTexts:
    programme: str
    level: str
    certified: str
    verify: str


def badge_texts(programme_code: str, level_code: str, language: str) -> BadgeTexts | None:
    """The texts of the badge in ``language``; None when the programme, its level or the language is unknown."""
    programme = current_workflows().programmes.get(programme_code)
    awards = programme.awards if programme is not None else None
    level = awards.level(level_code) if awards is not None else None
    if level is None or language not in supported_locales():
        return None
    with force_locale(language):
        return BadgeTexts(
            programme=programme.name.in_(language),
            level=level.label.in_(language),
            certified=_("Certified school"),
            verify=_("Check this certificate"),
        )


def _lines(text: str, width: int) -> list[str]:
    """``text`` cut at spaces into lines of at most ``width`` characters (at most two; the second shortened)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    if len(lines) == 2 and len(lines[1]) > width:
        lines[1] = lines[1][: width - 1] + "…"
    return lines


def badge_svg(programme_code: str, level_code: str, language: str) -> str | None:
    """The badge as an SVG document (self-contained: no font, image or script from elsewhere)."""
    texts = badge_texts(programme_code, level_code, language)
    if texts is None:
        return None
    awards = current_workflows().programmes[programme_code].awards
    rank = next(index for index, level in enumerate(awards.levels) if level.code == level_code)
    colour = RANK_COLOURS[min(rank, len(RANK_COLOURS) - 1)]
    programme_lines = _lines(texts.programme, 27)
    title = f"{texts.programme}: {texts.level} ({texts.certified})"
    y = 22
    programme_text = ""
    for line in programme_lines:
        programme_text += f'<text x="76" y="{y}" font-size="11" fill="#ffffff">{escape(line)}</text>'
        y += 14
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" lang="{language}">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" rx="10" fill="{colour}"/>'
        '<g fill="none" stroke="#ffffff" stroke-width="4" stroke-linejoin="round">'
        '<path d="M38 12 L62 22 V44 C62 60 50 72 38 77 C26 72 14 60 14 44 V22 Z"/>'
        '<path d="M27 44 L35 52 L50 35" stroke-linecap="round"/></g>'
        f'<g font-family="DejaVu Sans, Verdana, Arial, sans-serif">{programme_text}'
        f'<text x="76" y="{y + 8}" font-size="17" font-weight="bold" fill="#ffffff">{escape(texts.level)}</text>'
        f'<text x="76" y="{y + 26}" font-size="11" fill="#ffffff">{escape(texts.certified)}</text></g>'
        "</svg>"
    )


def badge_snippet(certificate: Certificate, language: str) -> Markup | None:
    """The HTML a school pastes into its website: the badge, linking to the certificate's verification page."""
    if not certificate.is_award or not certificate.level:
        return None
    texts = badge_texts(certificate.programme_code, certificate.level, language)
    if texts is None:
        return None
    source = current_app.config["BASE_URL"] + url_for(
        "credentials.badge", programme_code=certificate.programme_code, level=certificate.level, language=language
    )
    alt = f"{texts.programme}: {texts.level}. {texts.verify}"
    return Markup(
        f'<a href="{escape(verify_url(certificate))}" title="{escape(texts.verify)}">'
        f'<img src="{escape(source)}" width="{WIDTH}" height="{HEIGHT}" alt="{escape(alt)}"></a>'
    )
