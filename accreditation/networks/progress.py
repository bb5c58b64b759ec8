"""A network's figures, as the coordinators' dashboard shows them, scoped to the network's schools: per programme,
the schools by step (applied, self-assessing, under review, certified, award ended), the valid awards by level, and
the criteria where the schools are weakest (the median level the assessors gave in each school's latest decided
review). Each school counts once per programme, by its latest application. Small numbers are hidden
(``dashboard.small_numbers``: a count of fewer than the threshold of schools, and a second one of the same row when
it could be worked out from the total; a median only from at least the threshold of schools), and every figure
states the population it is computed on. Grouped Core statements: a handful of rows, however many schools."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from accreditation.applications.runtime import current_workflows
from accreditation.assessment.journey import APPLY, AWARD, REVIEW, SELF_ASSESS, step_of
from accreditation.dashboard.programme_facts import facts_of
from accreditation.dashboard.small_numbers import shown, suppress_row, threshold_or_floor
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import Application, NetworkSchool
from accreditation.models.review import Judgment, Review, Verdict
from accreditation.models.user import User
from accreditation.networks.access import network_for
from accreditation.regional_index.counts import Histogram, median
from workflows import Programme

CERTIFIED, ENDED, CLOSED, NOT_STARTED = "certified", "ended", "closed", "not_started"
STEPS: tuple[tuple[str, object], ...] = (
    (NOT_STARTED, _l("Not started")),
    (APPLY, _l("Applied")),
    (SELF_ASSESS, _l("Self-assessing")),
    (REVIEW, _l("Under review")),
    (CERTIFIED, _l("Certified")),
    (ENDED, _l("Award expired or withdrawn")),
    (CLOSED, _l("Closed without an award")),
)
WEAKEST_SHOWN = 5


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    schools: int | None  # None: fewer than the threshold, hidden


@dataclass(frozen=True)
class CriterionMedian:
    code: str
    title: str
    value: float
    schools: int


@dataclass(frozen=True)
class ProgrammeFigures:
    code: str
    name: str
    started: int | None  # the network's schools with an application of this programme
    steps: list[Figure]  # over every school of the network (those not started included)
    levels: list[Figure]  # valid awards by level
    awarded: int | None
    weakest: list[CriterionMedian]  # lowest median first, at most WEAKEST_SHOWN
    reviewed: int | None  # schools with a decided review
    hidden_criteria: int  # criteria some schools were reviewed on, fewer than the threshold


@dataclass(frozen=True)
class NetworkFigures:
    schools: int  # the population: the network's schools
    threshold: int
    programmes: list[ProgrammeFigures]


def _latest_applications(network_id: int):
    """Each network school's latest application per programme (its id, school and programme)."""
    return (
        select(func.max(Application.id).label("id"))
        .join(NetworkSchool, NetworkSchool.school_id == Application.school_id)
        .where(NetworkSchool.network_id == network_id)
        .group_by(Application.school_id, Application.programme_code)
        .subquery()
    )


def _suppressed(cells: dict[str, int], threshold: int) -> dict[str, int | None]:
    """``suppress_row``, and when it leaves a single hidden cell (no other count to hide with it), a zero of the row
    hidden too ("fewer than N" is true of it), so the hidden one cannot be worked out from the total."""
    result = suppress_row(cells, threshold)
    hidden = [key for key, value in result.items() if value is None]
    if len(hidden) == 1:
        zero = next((key for key, value in result.items() if value == 0), None)
        if zero is not None:
            result[zero] = None
    return result


def _step(programme: Programme | None, state: str) -> str:
    if programme is None or state not in programme.states:
        return CLOSED
    step = step_of(programme, state)
    if step == AWARD:
        return ENDED if programme.states[state].is_final else CERTIFIED
    return step or CLOSED


def _reviewed_levels(network_id: int) -> dict[str, dict[str, Histogram]]:
    """Per programme and criterion, the levels given in each school's latest decided review (the claimed level
    when the assessor agreed), counted."""
    latest = (
        select(func.max(Review.id).label("id"), Application.programme_code.label("programme"))
        .join(Application, Application.id == Review.application_id)
        .join(NetworkSchool, NetworkSchool.school_id == Application.school_id)
        .where(NetworkSchool.network_id == network_id, Review.decided_at.is_not(None))
        .group_by(Application.school_id, Application.programme_code)
        .subquery()
    )
    given = case((Judgment.verdict == Verdict.AGREE.value, Judgment.claimed_level), else_=Judgment.level)
    levels: dict[str, dict[str, Histogram]] = defaultdict(lambda: defaultdict(dict))
    for programme, criterion, level, number in db.session.execute(
        select(latest.c.programme, Judgment.criterion_code, given, func.count())
        .select_from(latest)
        .join(Judgment, Judgment.review_id == latest.c.id)
        .where(given.is_not(None))
        .group_by(latest.c.programme, Judgment.criterion_code, given)
    ):
        levels[programme][criterion][level] = number
    return levels


def _reviewed_schools(network_id: int) -> dict[str, int]:
    return dict(
        db.session.execute(
            select(Application.programme_code, func.count(func.distinct(Application.school_id)))
            .join(Review, Review.application_id == Application.id)
            .join(NetworkSchool, NetworkSchool.school_id == Application.school_id)
            .where(NetworkSchool.network_id == network_id, Review.decided_at.is_not(None))
            .group_by(Application.programme_code)
        ).all()
    )


def _weakest(programme: Programme | None, histograms: dict[str, Histogram], threshold: int):
    titles: dict[str, str] = {}
    workflows = current_workflows()
    framework = programme.definition.framework if programme else None
    if framework and framework in workflows.frameworks:
        titles = {c.code: local(c.title) for c in workflows.frameworks.current(framework).criteria}
    rated, hidden = [], 0
    for code, histogram in histograms.items():
        population = sum(histogram.values())
        if shown(population, threshold) is None:
            hidden += 1
            continue
        rated.append(CriterionMedian(code, titles.get(code, code), median(histogram) or 0.0, population))
    rated.sort(key=lambda c: (c.value, c.code))
    return rated[:WEAKEST_SHOWN], hidden


def network_figures(actor: User, network_id: int, threshold: int | None = None) -> NetworkFigures:
    """The network's figures for ``actor`` (its leads and coordinators: ``network_for``)."""
    network = network_for(network_id, actor)
    threshold = threshold_or_floor(threshold)
    schools = db.session.scalar(select(func.count()).where(NetworkSchool.network_id == network.id)) or 0
    latest = _latest_applications(network.id)
    rows = db.session.execute(
        select(Application.programme_code, Application.state, Application.award_level, func.count())
        .join(latest, latest.c.id == Application.id)
        .group_by(Application.programme_code, Application.state, Application.award_level)
    ).all()
    reviewed_levels = _reviewed_levels(network.id)
    reviewed_schools = _reviewed_schools(network.id)
    programmes = current_workflows().programmes
    by_programme: dict[str, list[tuple[str, str | None, int]]] = defaultdict(list)
    for code, state, level, number in rows:
        by_programme[code].append((state, level, number))
    figures = []
    for code in sorted(by_programme):
        programme = programmes.get(code)
        steps: dict[str, int] = {step: 0 for step, _label in STEPS}
        levels: dict[str, int] = {}
        for state, level, number in by_programme[code]:
            step = _step(programme, state)
            steps[step] += number
            if step == CERTIFIED and level is not None:
                levels[level] = levels.get(level, 0) + number
        started = sum(steps.values())
        steps[NOT_STARTED] = max(schools - started, 0)
        facts = facts_of(programme) if programme else None
        order = list(facts.levels) if facts else []
        order += sorted(set(levels) - set(order))
        shown_steps = _suppressed(steps, threshold)
        shown_levels = _suppressed({level: levels.get(level, 0) for level in order}, threshold)
        weakest, hidden = _weakest(programme, reviewed_levels.get(code, {}), threshold)
        figures.append(
            ProgrammeFigures(
                code=code,
                name=local(programme.name) if programme else code,
                # hidden with the schools not started, or the one would be worked out from the other
                started=shown(started, threshold) if shown_steps[NOT_STARTED] is not None else None,
                steps=[Figure(step, str(label), shown_steps[step]) for step, label in STEPS],
                levels=[
                    Figure(level, facts.level_label(level) if facts else level, shown_levels[level]) for level in order
                ],
                awarded=shown(sum(levels.values()), threshold) if shown_steps[CERTIFIED] is not None else None,
                weakest=weakest,
                reviewed=shown(reviewed_schools.get(code, 0), threshold),
                hidden_criteria=hidden,
            )
        )
    return NetworkFigures(schools=schools, threshold=threshold, programmes=figures)
