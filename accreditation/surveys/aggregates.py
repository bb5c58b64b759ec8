"""Anonymous aggregates for coordinators: engagement and the community's view per criterion, by the dashboard's
filters (scope, country, region) and audience.

The unit is one audience of one closed window: a unit with fewer respondents than the programme's threshold adds
nothing to any mean, so every mean is made of whole units of at least the threshold, and so is the difference of
any two filter combinations (a country less one of its regions, all pupils less one age band, before and after a
window closed). Open windows are left out: their counts still move. The answers are read already summed per window
and question (``survey_counts``: how many answered, the sum of their answers), a few rows per window whatever the
number of respondents.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, case, func, select

from accreditation.dashboard.filters import Filters
from accreditation.dashboard.small_numbers import shown
from accreditation.extensions import db
from accreditation.models import School, SurveyAudience, SurveyCount, SurveyWindow
from accreditation.surveys.instruments import instrument_of
from accreditation.surveys.results import threshold_for
from accreditation.surveys.windows import today
from workflows.surveys import AUDIENCES, PUPIL_AUDIENCES

MONTHS = 12
PUPILS = "pupils"  # the three age bands together
GROUPS = (*AUDIENCES, PUPILS)


@dataclass
class Engagement:
    audience: str
    schools: int  # schools that ran a survey for this audience (whole schools, not people)
    responses: int  # respondents counted in the means: only audiences of a window with at least the threshold


@dataclass
class CriterionRow:
    criterion: str
    means: dict[str, float | None] = field(default_factory=dict)  # group -> mean, None: too few answers


@dataclass
class Aggregates:
    threshold: int
    schools: int  # schools that ran a survey in the period
    engagement: list[Engagement]
    criteria: list[CriterionRow]
    groups: list[str]  # the groups with a mean somewhere, in order


def _conditions(filters: Filters):
    end = today()
    return [
        SurveyWindow.programme == filters.programme.code,
        SurveyWindow.closes_on < end,
        SurveyWindow.closes_on >= end - timedelta(days=round(MONTHS * 30.44)),
        *filters.school_conditions(),
    ]


def community_aggregates(filters: Filters) -> Aggregates | None:
    """The aggregates of the filters' programme over the last 12 months; None when it has no survey."""
    if instrument_of(filters.programme.code) is None:
        return None
    threshold = threshold_for(filters.programme.code)
    conditions = _conditions(filters)
    joined = select(SurveyAudience.audience).join(SurveyWindow, SurveyWindow.id == SurveyAudience.window_id)
    joined = joined.join(School, School.id == SurveyWindow.school_id)
    counted = case((SurveyAudience.responses >= threshold, SurveyAudience.responses), else_=0)
    engagement_rows = db.session.execute(
        joined.with_only_columns(
            SurveyAudience.audience, func.count(func.distinct(SurveyWindow.school_id)), func.sum(counted)
        )
        .where(*conditions)
        .group_by(SurveyAudience.audience)
    ).all()
    schools = db.session.scalar(
        select(func.count(func.distinct(SurveyWindow.school_id)))
        .join(School, School.id == SurveyWindow.school_id)
        .where(*conditions)
    )
    by_audience = {audience: (count, int(total or 0)) for audience, count, total in engagement_rows}
    engagement = [
        Engagement(audience, by_audience[audience][0], shown(by_audience[audience][1], threshold))
        for audience in AUDIENCES
        if audience in by_audience
    ]
    counts = db.session.execute(
        select(
            SurveyWindow.instrument_version,
            SurveyCount.audience,
            SurveyCount.question,
            func.sum(SurveyCount.total),
            func.sum(SurveyCount.answers),
        )
        .join(SurveyWindow, SurveyWindow.id == SurveyCount.window_id)
        .join(
            SurveyAudience,
            and_(SurveyAudience.window_id == SurveyCount.window_id, SurveyAudience.audience == SurveyCount.audience),
        )
        .join(School, School.id == SurveyWindow.school_id)
        .where(*conditions, SurveyAudience.responses >= threshold)
        .group_by(SurveyWindow.instrument_version, SurveyCount.audience, SurveyCount.question)
    ).all()
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for version, audience, question, total, answers in counts:
        instrument = instrument_of(filters.programme.code, version)
        linked = instrument.question(question) if instrument else None
        for criterion in linked.criteria if linked else ():
            for group in (audience, PUPILS) if audience in PUPIL_AUDIENCES else (audience,):
                running = sums[(group, criterion)]
                running[0] += int(total)
                running[1] += int(answers)
    rows: dict[str, CriterionRow] = {}
    for (group, criterion), (total, answers) in sums.items():
        row = rows.setdefault(criterion, CriterionRow(criterion))
        row.means[group] = round(total / answers, 2) if shown(answers, threshold) else None
    ordered = [rows[c] for c in instrument_of(filters.programme.code).criteria() if c in rows]
    groups = [g for g in GROUPS if any(g in row.means for row in ordered)]
    return Aggregates(threshold, schools or 0, engagement, ordered, groups)
