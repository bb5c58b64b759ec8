"""The regional index of one programme, country and year, as it may be shown: every count of schools under the
small-numbers threshold hidden (``shown``; ``suppress_row`` over the regions, whose total is shown too), a median
only when at least the threshold of schools give it, each figure with the population it is computed on.

Engagement: schools that started the programme (an application created before the end of the year) against the
schools of the region in the registry (not rejected). Certification: schools holding a valid award at the end of
the year, against the registry. Performance: per criterion, the median level the schools claimed in their latest
submitted self-assessment and the median level the assessors gave in the latest decided review. Ranking: by the
share of the registry engaged (then certified); the change is against the previous year's figures."""

from __future__ import annotations

from dataclasses import dataclass

from accreditation.applications.runtime import current_workflows
from accreditation.dashboard.small_numbers import shown, suppress_row, threshold_or_floor
from accreditation.geography.names import region_name
from accreditation.i18n import local
from accreditation.regional_index.counts import Counts, Histogram, median, only
from accreditation.regional_index.store import country_counts
from workflows import Programme


@dataclass(frozen=True)
class Median:
    """A median level and the number of schools it is computed on (both None when under the threshold)."""

    value: float | None
    population: int | None
    hidden: bool = False  # some schools gave it, fewer than the threshold


@dataclass(frozen=True)
class RegionFigures:
    code: str
    name: str
    registry: int | None
    engaged: int | None
    certified: int | None
    claimed: dict[str, Median]
    reviewed: dict[str, Median]
    rank: int | None = None
    previous_rank: int | None = None
    previous_engagement: float | None = None

    @property
    def engagement(self) -> float | None:
        return _share(self.engaged, self.registry)

    @property
    def certification(self) -> float | None:
        return _share(self.certified, self.registry)

    @property
    def change(self) -> float | None:
        """Points of engagement gained since the previous year (None when either year's share is hidden)."""
        if self.engagement is None or self.previous_engagement is None:
            return None
        return self.engagement - self.previous_engagement


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str


@dataclass(frozen=True)
class RegionalIndex:
    programme: Programme
    country: str
    year: int
    threshold: int
    criteria: list[Criterion]
    regions: list[RegionFigures]  # ranked first, then the regions without a rank by name
    registry: int | None
    engaged: int | None
    certified: int | None
    claimed: dict[str, Median]  # the whole country (or the regions asked)
    reviewed: dict[str, Median]

    @property
    def weakest(self) -> list[Criterion]:
        """The criteria by their reviewed median (else claimed), lowest first; those without one left out."""

        def level(criterion: Criterion) -> float | None:
            value = self.reviewed[criterion.code].value
            return value if value is not None else self.claimed[criterion.code].value

        rated = [c for c in self.criteria if level(c) is not None]
        return sorted(rated, key=lambda c: (level(c), c.code))


def _share(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


def _median(histogram: Histogram, threshold: int) -> Median:
    population = sum(histogram.values())
    if population == 0:
        return Median(None, 0)
    if shown(population, threshold) is None:
        return Median(None, None, hidden=True)
    return Median(median(histogram), population)


def _merge(histograms: list[Histogram]) -> Histogram:
    merged: Histogram = {}
    for histogram in histograms:
        for level, number in histogram.items():
            merged[level] = merged.get(level, 0) + number
    return merged


def _criteria(programme: Programme, counts: Counts) -> list[Criterion]:
    workflows = current_workflows()
    known: list[Criterion] = []
    framework = programme.definition.framework
    if framework and framework in workflows.frameworks:
        known = [Criterion(c.code, local(c.title)) for c in workflows.frameworks.current(framework).criteria]
    seen = {criterion for _, criterion in [*counts.claimed, *counts.reviewed]}
    codes = {c.code for c in known}
    # Only the criteria some school in these regions has a level for (the columns of the heat table).
    return [c for c in known if c.code in seen] + [Criterion(code, code) for code in sorted(seen - codes)]


def _ranks(regions: dict[str, tuple[float | None, float | None]]) -> dict[str, int]:
    """Rank 1 the highest engagement share (then certification share); regions without a share have no rank."""
    ranked = sorted(
        (code for code, (engagement, _) in regions.items() if engagement is not None),
        key=lambda code: (-regions[code][0], -(regions[code][1] or 0.0), code),
    )
    return {code: position for position, code in enumerate(ranked, start=1)}


def _suppressed(counts: Counts, region_codes: list[str], threshold: int):
    registry = {code: shown(counts.registry.get(code, 0), threshold) for code in region_codes}
    engaged = suppress_row({code: counts.engaged.get(code, 0) for code in region_codes}, threshold)
    certified = suppress_row({code: counts.certified.get(code, 0) for code in region_codes}, threshold)
    return registry, engaged, certified


def regional_index(
    programme: Programme, country: str, year: int, region_codes: list[str], threshold: int | None = None
) -> RegionalIndex:
    """The index of ``programme`` in ``country`` for ``year``, over ``region_codes`` (the regions the reader may
    see: every region of the country for its coordinator)."""
    threshold = threshold_or_floor(threshold)
    counts = only(country_counts(programme.code, country, year), region_codes)
    before = only(country_counts(programme.code, country, year - 1), region_codes)
    criteria = _criteria(programme, counts)
    registry, engaged, certified = _suppressed(counts, region_codes, threshold)
    old_registry, old_engaged, old_certified = _suppressed(before, region_codes, threshold)
    now_shares = {c: (_share(engaged[c], registry[c]), _share(certified[c], registry[c])) for c in region_codes}
    old_shares = {
        c: (_share(old_engaged[c], old_registry[c]), _share(old_certified[c], old_registry[c])) for c in region_codes
    }
    ranks, old_ranks = _ranks(now_shares), _ranks(old_shares)
    regions = [
        RegionFigures(
            code=code,
            name=region_name(code),
            registry=registry[code],
            engaged=engaged[code],
            certified=certified[code],
            claimed={c.code: _median(counts.claimed.get((code, c.code), {}), threshold) for c in criteria},
            reviewed={c.code: _median(counts.reviewed.get((code, c.code), {}), threshold) for c in criteria},
            rank=ranks.get(code),
            previous_rank=old_ranks.get(code),
            previous_engagement=old_shares[code][0],
        )
        for code in region_codes
    ]
    regions.sort(key=lambda r: (r.rank is None, r.rank or 0, r.name))
    claimed = {
        c.code: _median(_merge([counts.claimed.get((r, c.code), {}) for r in region_codes]), threshold)
        for c in criteria
    }
    reviewed = {
        c.code: _median(_merge([counts.reviewed.get((r, c.code), {}) for r in region_codes]), threshold)
        for c in criteria
    }
    return RegionalIndex(
        programme=programme,
        country=country,
        year=year,
        threshold=threshold,
        criteria=criteria,
        regions=regions,
        registry=shown(sum(counts.registry.get(c, 0) for c in region_codes), threshold),
        engaged=shown(sum(counts.engaged.get(c, 0) for c in region_codes), threshold),
        certified=shown(sum(counts.certified.get(c, 0) for c in region_codes), threshold),
        claimed=claimed,
        reviewed=reviewed,
    )
