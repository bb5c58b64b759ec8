"""The decision the review's judgments point to, and why, for the decision page to lead with: ask for changes while
any criterion is judged insufficient or below the level claimed; otherwise the site visit where the programme has
one (not for a renewal in good standing, decided without it), else the award at the recommended level; no level
earned, the changes again (or, without them, not to award). A moderator's page and a review not fully judged get no
advice."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from accreditation.i18n import local
from accreditation.models.review import Verdict
from accreditation.review.decision_page import DecisionPage
from accreditation.review.outcome import is_shortfall


@dataclass(frozen=True)
class Advice:
    decision: str  # a key of DecisionPage.events: changes, visit, award or reject
    label: str  # the decision's event, in words
    reason: str


def _shortfalls(page: DecisionPage) -> tuple[int, int]:
    """(criteria judged insufficient, criteria judged below the level claimed) in this round."""
    insufficient = below = 0
    for judgment in page.review.judgments if page.review is not None else []:
        if judgment.carried_over or not is_shortfall(judgment.verdict, judgment.level, judgment.claimed_level):
            continue
        if judgment.verdict == Verdict.INSUFFICIENT:
            insufficient += 1
        else:
            below += 1
    return insufficient, below


def _reasons(insufficient: int, below: int) -> str:
    parts = []
    if insufficient:
        parts.append(
            ngettext("%(num)d criterion judged insufficient", "%(num)d criteria judged insufficient", insufficient)
        )
    if below:
        parts.append(
            ngettext("%(num)d criterion below the level claimed", "%(num)d criteria below the level claimed", below)
        )
    return _("%(reasons)s.", reasons="; ".join(parts))


def advise(page: DecisionPage) -> Advice | None:
    """The decision to lead with on ``page``, and why; None when there is nothing to advise."""
    events = page.events
    if page.review is None or page.unjudged or "confirm" in events or not events:
        return None

    def advice(name: str, reason: str) -> Advice:
        return Advice(name, local(events[name].label), reason)

    insufficient, below = _shortfalls(page)
    if (insufficient or below) and "changes" in events:
        return advice("changes", _reasons(insufficient, below))
    if "visit" in events and page.visit is None and not page.desk_review:
        return advice("visit", _("Every criterion is agreed: the site visit comes next."))
    level = page.recommendation.level if page.recommendation is not None else None
    if "award" in events and level is not None:
        rec = page.recommendation
        reason = _(
            "%(count)d of %(total)d criteria are at or above their benchmark: they earn %(level)s.",
            count=rec.at_benchmark,
            total=rec.total,
            level=local(level.label),
        )
        if page.desk_review:
            reason = _("A renewal of a school in good standing: no site visit is needed.") + " " + reason
        return advice("award", reason)
    if level is None and page.recommendation is not None:
        for name in ("changes", "reject"):
            if name in events:
                return advice(name, _("The agreed levels earn no level."))
    return None
