"""Agreement between judges of ordinal levels: weighted Cohen's kappa for a pair, Krippendorff's alpha for a group
(with missing judgments), the consensus of a unit and a judge's distance from it.

Both statistics are 1 for perfect agreement, about 0 for agreement no better than chance and negative for
systematic disagreement. They are undefined (None) when the judgments show no variation at all, since chance
then explains everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import permutations
from statistics import median_low
from typing import Literal

Metric = Literal["nominal", "ordinal", "interval"]


def weighted_kappa(
    first: Sequence[int], second: Sequence[int], weights: Literal["linear", "quadratic"] = "quadratic"
) -> float | None:
    """Cohen's kappa of two judges' levels on the same units, disagreements weighted by their distance."""
    if len(first) != len(second):
        raise ValueError("both judges must judge the same units")
    pairs = list(zip(first, second, strict=True))
    if not pairs:
        return None
    categories = sorted(set(first) | set(second))
    span = categories[-1] - categories[0]
    if span == 0:
        return None

    def weight(a: int, b: int) -> float:
        distance = abs(a - b) / span
        return distance if weights == "linear" else distance**2

    count = len(pairs)
    observed = sum(weight(a, b) for a, b in pairs) / count
    first_share, second_share = Counter(first), Counter(second)
    expected = sum(weight(a, b) * first_share[a] * second_share[b] / count**2 for a in categories for b in categories)
    if expected == 0:
        return None
    return 1 - observed / expected


def krippendorff_alpha(units: Sequence[Sequence[int | None]], metric: Metric = "ordinal") -> float | None:
    """Krippendorff's alpha of ``units``, each the values its judges gave (None: not judged by that judge).
    Units judged by fewer than two judges are left out, as the statistic requires."""
    coincidences: Counter[tuple[int, int]] = Counter()
    for unit in units:
        values = [value for value in unit if value is not None]
        if len(values) < 2:
            continue
        for a, b in permutations(values, 2):
            coincidences[(a, b)] += 1 / (len(values) - 1)
    totals: Counter[int] = Counter()
    for (a, _b), weight in coincidences.items():
        totals[a] += weight
    total = sum(totals.values())
    if total <= 1:
        return None
    delta = _metric(metric, totals)
    observed = sum(weight * delta(a, b) for (a, b), weight in coincidences.items())
    expected = sum(totals[a] * totals[b] * delta(a, b) for a in totals for b in totals) / (total - 1)
    if expected == 0:
        return None
    return 1 - observed / expected


def _metric(metric: Metric, totals: Mapping[int, float]):
    if metric == "nominal":
        return lambda a, b: 0.0 if a == b else 1.0
    if metric == "interval":
        return lambda a, b: float((a - b) ** 2)
    ranked = sorted(totals)

    def ordinal(a: int, b: int) -> float:
        low, high = min(a, b), max(a, b)
        between = sum(totals[g] for g in ranked if low <= g <= high)
        return (between - (totals[a] + totals[b]) / 2) ** 2

    return ordinal


def consensus(values: Sequence[int]) -> int | None:
    """The consensus level of one unit: the median of its judgments (the lower one of an even count)."""
    return median_low(values) if values else None


def distance_from(judge: Mapping[str, int], agreed: Mapping[str, int | None]) -> float | None:
    """The mean absolute distance, in levels, between one judge's levels and the consensus, over the units both
    have."""
    gaps = [abs(level - agreed[unit]) for unit, level in judge.items() if agreed.get(unit) is not None]
    return sum(gaps) / len(gaps) if gaps else None
