"""Transparent scoring: from a school's levels, the share of criteria at or above their benchmark, the averages
per area, the award level that share earns, and which criteria hold it back (closest to their benchmark first)
with what would raise them. Pure functions over a framework and levels: the pages, the snapshot and the
comparison all use these."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from workflows import Area, AwardLevel, Awards, Criterion, Framework


@dataclass(frozen=True)
class CriterionScore:
    criterion: Criterion
    level: int | None

    @property
    def at_benchmark(self) -> bool:
        return self.level is not None and self.level >= self.criterion.benchmark

    @property
    def gap(self) -> int:
        """Levels still to climb to the benchmark (an unanswered criterion counts from below the scale)."""
        start = self.level if self.level is not None else min(self.criterion.statements) - 1
        return max(0, self.criterion.benchmark - start)


@dataclass(frozen=True)
class AreaScore:
    area: Area
    criteria: list[CriterionScore]

    @property
    def answered(self) -> int:
        return sum(1 for score in self.criteria if score.level is not None)

    @property
    def average(self) -> float | None:
        levels = [score.level for score in self.criteria if score.level is not None]
        return sum(levels) / len(levels) if levels else None

    @property
    def at_benchmark(self) -> int:
        return sum(1 for score in self.criteria if score.at_benchmark)


@dataclass(frozen=True)
class Scorecard:
    framework: Framework
    areas: list[AreaScore]
    level: AwardLevel | None  # the award level the self-assessment's share earns (the review is not counted)
    next_level: AwardLevel | None
    needed_for_next: int  # more criteria at their benchmark needed for the next level (0: none)

    @property
    def criteria(self) -> list[CriterionScore]:
        return [score for area in self.areas for score in area.criteria]

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def answered(self) -> int:
        return sum(area.answered for area in self.areas)

    @property
    def at_benchmark(self) -> int:
        return sum(area.at_benchmark for area in self.areas)

    @property
    def share_at_benchmark(self) -> float:
        return self.at_benchmark / self.total if self.total else 0.0

    @property
    def holding_back(self) -> list[CriterionScore]:
        """Criteria below their benchmark, the ones closest to it first (the quickest wins)."""
        below = [score for score in self.criteria if not score.at_benchmark]
        return sorted(below, key=lambda score: (score.gap, score.criterion.code))


def share_at_benchmark(framework: Framework, levels: Mapping[str, int | None]) -> float:
    criteria = framework.criteria
    if not criteria:
        return 0.0
    reached = sum(1 for c in criteria if (levels.get(c.code) or 0) >= c.benchmark and levels.get(c.code) is not None)
    return reached / len(criteria)


def scorecard(framework: Framework, levels: Mapping[str, int | None], awards: Awards | None) -> Scorecard:
    """The scorecard of ``levels`` (criterion code -> level or None) against ``framework``."""
    areas = [
        AreaScore(area, [CriterionScore(criterion, levels.get(criterion.code)) for criterion in area.criteria])
        for area in framework.areas
    ]
    total = sum(len(area.criteria) for area in areas)
    reached = sum(area.at_benchmark for area in areas)
    share = reached / total if total else 0.0
    level = next_level = None
    needed = 0
    if awards is not None:
        earned = [candidate for candidate in awards.levels if share >= candidate.min_share_at_benchmark]
        level = earned[-1] if earned else None
        higher = [candidate for candidate in awards.levels if candidate.rank > (level.rank if level else 0)]
        next_level = higher[0] if higher else None
        if next_level is not None:
            needed = max(0, math.ceil(next_level.min_share_at_benchmark * total - 1e-9) - reached)
    return Scorecard(framework, areas, level, next_level, needed)
