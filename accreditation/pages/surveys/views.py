"""What the self-assessment and review pages include of the surveys, as template globals (read once a request):
the community's view per criterion now (the review page's frozen views come with its read model)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g

from accreditation.applications.runtime import current_workflows
from accreditation.models import Application
from accreditation.pages.surveys.blueprint import bp
from accreditation.surveys.instruments import AUDIENCE_TITLES
from accreditation.surveys.results import NOTABLE_GAP, Results, school_results
from accreditation.surveys.snapshots import requirement_status


@dataclass(frozen=True)
class CriterionLine:
    title: str
    mean: float
    gap: float | None  # community mean minus the claimed level, when notable


def _results(application: Application) -> Results | None:
    cache = g.setdefault("_survey_results", {})
    key = (application.school_id, application.programme_code)
    if key not in cache:
        cache[key] = school_results(*key)
    return cache[key]


@bp.app_template_global()
def survey_views(application: Application, criterion_code: str, claimed: int | None = None) -> list[CriterionLine]:
    """Each audience's view of the criterion that may be shown, with its gap from ``claimed``."""
    results = _results(application)
    if results is None:
        return []
    lines = []
    for audience in results.audiences:
        view = audience.criteria.get(criterion_code)
        if view is not None and view.mean is not None:
            gap = results.gap(audience, criterion_code, claimed)
            lines.append(CriterionLine(str(AUDIENCE_TITLES[audience.audience]), view.mean, gap))
    return lines


@bp.app_template_global()
def survey_results(application: Application) -> Results | None:
    return _results(application)


@bp.app_template_global()
def survey_requirement(application: Application):
    return requirement_status(application.school_id, application.programme_code)


@bp.app_template_global()
def survey_gap_noted(mean: float, claimed: int | None) -> float | None:
    return None if claimed is None or abs(mean - claimed) < NOTABLE_GAP else mean - claimed


@bp.app_template_global()
def survey_audience_titles() -> dict[str, str]:
    return {code: str(title) for code, title in AUDIENCE_TITLES.items()}


@bp.app_template_global()
def survey_criterion_titles(programme_code: str) -> dict[str, object]:
    """Criterion code -> its title (a framework text) in the programme's current framework."""
    workflows = current_workflows()
    programme = workflows.programmes.get(programme_code)
    framework = workflows.framework_of(programme) if programme is not None else None
    return {criterion.code: criterion.title for criterion in framework.criteria} if framework else {}
