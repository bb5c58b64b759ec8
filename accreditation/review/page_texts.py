"""The review page's words in one language, worked out once per read model and language instead of on every
request: the list of criteria by area (titles, each one's status in words), the level choices of the judgment form
and the community's views from the round's frozen survey results. A reader's language picks one; nothing here
depends on the person or on the criterion chosen (the template marks the chosen one)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from jinja2.utils import url_quote

from accreditation.i18n import local
from accreditation.review.page_rows import CriterionRow, PreviousRow
from accreditation.surveys.instruments import AUDIENCE_TITLES
from accreditation.surveys.snapshots import FrozenView
from workflows import Framework


@dataclass(frozen=True)
class SurveyRow:
    """One audience's frozen view of one criterion in the round (only those with a mean: enough respondents)."""

    criterion_code: str
    audience: str
    responses: int | None
    mean: float


@dataclass(frozen=True)
class NavItem:
    code: str
    query: str  # the code as a query value (``urlencode``d)
    title: str
    status: str  # todo, carried, judged: the item's class
    note: str  # its status in words, and whether the school changed it since the round before


@dataclass(frozen=True)
class NavArea:
    title: str
    items: tuple[NavItem, ...]


@dataclass(frozen=True)
class PageTexts:
    areas: tuple[NavArea, ...]
    levels: tuple[tuple[int, str], ...]  # the form's choices: the level and "level · its name"
    community: Mapping[str, tuple[FrozenView, ...]]  # criterion code -> the audiences' views (in the round's order)


def page_texts(
    framework: Framework,
    rows: tuple[CriterionRow, ...],
    previous: Mapping[str, PreviousRow],
    surveys: tuple[SurveyRow, ...],
) -> PageTexts:
    """The words of the model's page in the current request's language."""
    areas = tuple(
        NavArea(
            local(area.title),
            tuple(_nav_item(row, previous.get(row.criterion.code)) for row in rows if row.criterion.area == area.code),
        )
        for area in framework.areas
    )
    levels = tuple((level, f"{level} · {local(framework.scale[level])}") for level in framework.levels)
    community: dict[str, list[FrozenView]] = {}
    for survey in surveys:
        title = str(AUDIENCE_TITLES.get(survey.audience, survey.audience))
        view = FrozenView(survey.audience, title, survey.responses, survey.mean)
        community.setdefault(survey.criterion_code, []).append(view)
    return PageTexts(areas, levels, {code: tuple(views) for code, views in community.items()})


def _nav_item(row: CriterionRow, before: PreviousRow | None) -> NavItem:
    status = row.status
    if status == "todo":
        note = _("to judge")
    elif status == "carried":
        note = _("carried over from round %(round)s", round=row.judgment.carried_from_round)
    else:
        note = _("judged")
    if before is not None and before.change.any:
        note += " · " + _("changed by the school")
    code = row.criterion.code
    return NavItem(code, url_quote(code), local(row.criterion.title), status, note)
