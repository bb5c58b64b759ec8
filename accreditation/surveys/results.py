"""Results: per audience and criterion, the community's mean on the framework's scale, from the counts kept on
arrival. Nothing made up of fewer respondents than the programme's threshold is given (small_numbers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from accreditation.dashboard.small_numbers import shown, threshold_or_floor
from accreditation.extensions import db
from accreditation.models import SurveyAudience, SurveyComment, SurveyCount, SurveyWindow
from accreditation.surveys.instruments import instrument_of
from accreditation.surveys.windows import today
from workflows.surveys import AUDIENCES

DEFAULT_THRESHOLD = 10
#: How far the community's mean may be from the school's claimed level before the page points it out.
NOTABLE_GAP = 1.0


@dataclass
class CriterionView:
    """What one audience says of one criterion: the mean answer (None: too few to show) and how many answers."""

    mean: float | None
    answers: int | None


@dataclass
class AudienceResult:
    audience: str
    responses: int | None  # None: fewer than the threshold
    criteria: dict[str, CriterionView] = field(default_factory=dict)


@dataclass
class Results:
    threshold: int
    audiences: list[AudienceResult]

    @property
    def any_shown(self) -> bool:
        return any(a.responses for a in self.audiences)

    def gap(self, audience: AudienceResult, criterion: str, claimed: int | None) -> float | None:
        """Community mean minus the claimed level when the difference is notable, else None."""
        view = audience.criteria.get(criterion)
        if claimed is None or view is None or view.mean is None:
            return None
        difference = view.mean - claimed
        return difference if abs(difference) >= NOTABLE_GAP else None


def threshold_for(programme: str) -> int:
    instrument = instrument_of(programme)
    return threshold_or_floor(instrument.threshold if instrument else None, DEFAULT_THRESHOLD)


def results_of(windows: Iterable[SurveyWindow]) -> Results | None:
    """The windows' results together (one programme's), or None without a window."""
    windows = list(windows)
    if not windows:
        return None
    threshold = threshold_for(windows[0].programme)
    ids = [w.id for w in windows]
    responses: dict[str, int] = defaultdict(int)
    for audience, count in db.session.execute(
        select(SurveyAudience.audience, SurveyAudience.responses).where(SurveyAudience.window_id.in_(ids))
    ):
        responses[audience] += count
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (audience, criterion) -> [total, answers]
    versions = {w.id: w.instrument_version for w in windows}
    rows = db.session.execute(
        select(
            SurveyCount.window_id, SurveyCount.audience, SurveyCount.question, SurveyCount.total, SurveyCount.answers
        ).where(SurveyCount.window_id.in_(ids))
    )
    for window_id, audience, question, total, answers in rows:
        add_count(sums, windows[0].programme, versions[window_id], audience, question, total, answers)
    return build(threshold, responses, sums)


def add_count(sums, programme: str, version: int, audience: str, question: str, total: int, answers: int) -> None:
    """Add ``answers`` answers of ``question`` summing to ``total`` to each criterion it is linked to."""
    instrument = instrument_of(programme, version)
    linked = instrument.question(question) if instrument else None
    for criterion in linked.criteria if linked else ():
        running = sums[(audience, criterion)]
        running[0] += total
        running[1] += answers


def build(threshold: int, responses: dict[str, int], sums) -> Results:
    audiences = []
    for audience in AUDIENCES:
        if audience not in responses:
            continue
        count = shown(responses[audience], threshold)
        result = AudienceResult(audience, count or (0 if responses[audience] == 0 else None))
        if count:
            for (who, criterion), (total, answers) in sums.items():
                if who == audience and shown(answers, threshold):
                    result.criteria[criterion] = CriterionView(round(total / answers, 2), answers)
        audiences.append(result)
    return Results(threshold, audiences)


def recent_windows(school_id: int, programme: str, months: int = 12, on: date | None = None) -> list[SurveyWindow]:
    """The school's windows for ``programme`` that opened within the last ``months`` (and have opened)."""
    on = on or today()
    since = on - timedelta(days=round(months * 30.44))
    query = select(SurveyWindow).where(
        SurveyWindow.school_id == school_id,
        SurveyWindow.programme == programme,
        SurveyWindow.opens_on >= since,
        SurveyWindow.opens_on <= on,
    )
    return list(db.session.scalars(query.order_by(SurveyWindow.id)))


def school_results(school_id: int, programme: str) -> Results | None:
    """The community's view of the school over the last 12 months, for the self-assessment and the review."""
    return results_of(recent_windows(school_id, programme))


def responses_in(school_id: int, programme: str, audiences: Iterable[str], months: int) -> int:
    """Responses of ``audiences`` to the school's windows of the last ``months`` (a programme's requirement)."""
    wanted = set(audiences)
    return sum(
        a.responses for w in recent_windows(school_id, programme, months) for a in w.audiences if a.audience in wanted
    )


def comments_of(window: SurveyWindow) -> list[SurveyComment]:
    """The window's free-text answers (the page shows them to the school only once the window has closed)."""
    query = select(SurveyComment).where(SurveyComment.window_id == window.id)
    return list(db.session.scalars(query.order_by(SurveyComment.audience, SurveyComment.id)))
