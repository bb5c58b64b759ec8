"""What a review's judgments add up to, as pure functions: the level agreed for each criterion, which judgments
are shortfalls, and the award level the agreed levels recommend.

The agreed level of a criterion: the level the school claimed when the assessor agrees, the assessor's level when
they judged a different one, and one below the scale's lowest level (0 on a 1-based scale) when the evidence is
insufficient. The recommendation counts the share of criteria whose agreed level reaches their benchmark and the
mean agreed level (the review score), through ``Awards.level_for``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from accreditation.models.review import Verdict
from workflows import AwardLevel, Awards, Framework


class JudgmentLike(Protocol):
    verdict: str
    level: int | None
    claimed_level: int | None


def agreed_level(judgment: JudgmentLike, lowest: int) -> int:
    """The level this judgment agrees on (``lowest``: the framework scale's lowest level)."""
    below_scale = lowest - 1
    if judgment.verdict == Verdict.AGREE:
        return judgment.claimed_level if judgment.claimed_level is not None else below_scale
    if judgment.verdict == Verdict.DIFFERENT and judgment.level is not None:
        return judgment.level
    return below_scale


def is_shortfall(verdict: str, level: int | None, claimed_level: int | None) -> bool:
    """A judgment that finds the criterion wanting: insufficient evidence, or a level below the one claimed."""
    if verdict == Verdict.INSUFFICIENT:
        return True
    if verdict == Verdict.DIFFERENT and level is not None:
        return claimed_level is None or level < claimed_level
    return False


@dataclass(frozen=True)
class Recommendation:
    """The figures of a complete review and the award level they earn (None: none)."""

    at_benchmark: int
    total: int
    review_score: float
    level: AwardLevel | None

    @property
    def share_at_benchmark(self) -> float:
        return self.at_benchmark / self.total if self.total else 0.0


def recommend(framework: Framework, judgments: Mapping[str, JudgmentLike], awards: Awards | None) -> Recommendation:
    """The recommendation from a judgment for every criterion of ``framework`` (criterion code -> judgment); a
    criterion without one counts as insufficient evidence."""
    lowest = framework.lowest
    agreed = {
        criterion.code: agreed_level(judgments[criterion.code], lowest) if criterion.code in judgments else lowest - 1
        for criterion in framework.criteria
    }
    total = len(agreed)
    at_benchmark = sum(1 for criterion in framework.criteria if agreed[criterion.code] >= criterion.benchmark)
    score = sum(agreed.values()) / total if total else 0.0
    share = at_benchmark / total if total else 0.0
    level = awards.level_for(share, score) if awards is not None else None
    return Recommendation(at_benchmark, total, score, level)
