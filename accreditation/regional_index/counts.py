"""The regional index's raw counts, each one GROUP BY over the country's schools (a few thousand rows back, however
many schools): schools in the registry, schools that started, schools certified, and the histograms of the levels
claimed (the latest submitted self-assessment) and reviewed (the latest decided review: the level claimed when the
assessor agreed, else the one given) per region and criterion, as of the end of a year. No suppression here:
``figures`` applies it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_, select

from accreditation.extensions import db
from accreditation.models import Application, Certificate, School
from accreditation.models.assessment import Snapshot, SnapshotAnswer
from accreditation.models.certificate import CertificateKind, CertificateStatus
from accreditation.models.review import Judgment, Review, Verdict
from accreditation.models.school import Verification

Histogram = dict[int, int]  # level -> number of schools


@dataclass
class Counts:
    """Per region code: registry, engaged, certified; per (region, criterion): the claimed and reviewed levels."""

    registry: dict[str, int] = field(default_factory=dict)
    engaged: dict[str, int] = field(default_factory=dict)
    certified: dict[str, int] = field(default_factory=dict)
    claimed: dict[tuple[str, str], Histogram] = field(default_factory=lambda: defaultdict(dict))
    reviewed: dict[tuple[str, str], Histogram] = field(default_factory=lambda: defaultdict(dict))


def _schools(country: str, regions: list[str] | None):
    conditions = [School.country_code == country]
    if regions is not None:
        conditions.append(School.region_code.in_(regions))
    return conditions


def count(
    programme_code: str, country: str, end: datetime, regions: list[str] | None = None, levels: bool = True
) -> Counts:
    """The counts for the schools of ``country`` (of ``regions`` only, when given) as of ``end`` (exclusive);
    without ``levels``, only the schools counted (the previous year's, for the change)."""
    schools = _schools(country, regions)
    counts = Counts()
    counts.registry = dict(
        db.session.execute(
            select(School.region_code, func.count())
            .where(*schools, School.verification != Verification.REJECTED.value, School.created_at < end)
            .group_by(School.region_code)
        ).all()
    )
    counts.engaged = dict(
        db.session.execute(
            select(School.region_code, func.count(func.distinct(Application.school_id)))
            .join(School, School.id == Application.school_id)
            .where(*schools, Application.programme_code == programme_code, Application.created_at < end)
            .group_by(School.region_code)
        ).all()
    )
    counts.certified = dict(
        db.session.execute(
            select(School.region_code, func.count(func.distinct(Certificate.school_id)))
            .join(School, School.id == Certificate.school_id)
            .where(
                *schools,
                Certificate.programme_code == programme_code,
                Certificate.kind == CertificateKind.AWARD.value,
                Certificate.issued_at < end,
                or_(Certificate.expires_at.is_(None), Certificate.expires_at >= end),
                or_(Certificate.status == CertificateStatus.VALID.value, Certificate.status_changed_at >= end),
            )
            .group_by(School.region_code)
        ).all()
    )
    if not levels:
        return counts
    latest_snapshot = (
        select(func.max(Snapshot.id).label("id"), School.region_code.label("region"))
        .join(Application, Application.id == Snapshot.application_id)
        .join(School, School.id == Application.school_id)
        .where(*schools, Application.programme_code == programme_code, Snapshot.submitted_at < end)
        .group_by(Application.school_id, School.region_code)
        .subquery()
    )
    for region, criterion, level, number in db.session.execute(
        select(latest_snapshot.c.region, SnapshotAnswer.criterion_code, SnapshotAnswer.level, func.count())
        .select_from(latest_snapshot)
        .join(SnapshotAnswer, SnapshotAnswer.snapshot_id == latest_snapshot.c.id)
        .where(SnapshotAnswer.level.is_not(None))
        .group_by(latest_snapshot.c.region, SnapshotAnswer.criterion_code, SnapshotAnswer.level)
    ):
        counts.claimed[(region, criterion)][level] = number
    latest_review = (
        select(func.max(Review.id).label("id"), School.region_code.label("region"))
        .join(Application, Application.id == Review.application_id)
        .join(School, School.id == Application.school_id)
        .where(
            *schools,
            Application.programme_code == programme_code,
            Review.decided_at.is_not(None),
            Review.decided_at < end,
        )
        .group_by(Application.school_id, School.region_code)
        .subquery()
    )
    given = case((Judgment.verdict == Verdict.AGREE.value, Judgment.claimed_level), else_=Judgment.level)
    for region, criterion, level, number in db.session.execute(
        select(latest_review.c.region, Judgment.criterion_code, given, func.count())
        .select_from(latest_review)
        .join(Judgment, Judgment.review_id == latest_review.c.id)
        .where(given.is_not(None))  # insufficient evidence gives no level
        .group_by(latest_review.c.region, Judgment.criterion_code, given)
    ):
        counts.reviewed[(region, criterion)][level] = number
    return counts


def to_json(counts: Counts) -> dict[str, Any]:
    def histograms(source: dict[tuple[str, str], Histogram]) -> list[list]:
        return [[region, criterion, sorted(h.items())] for (region, criterion), h in sorted(source.items())]

    return {
        "registry": counts.registry,
        "engaged": counts.engaged,
        "certified": counts.certified,
        "claimed": histograms(counts.claimed),
        "reviewed": histograms(counts.reviewed),
    }


def from_json(document: dict[str, Any]) -> Counts:
    counts = Counts(dict(document["registry"]), dict(document["engaged"]), dict(document["certified"]))
    for name in ("claimed", "reviewed"):
        target = getattr(counts, name)
        for region, criterion, pairs in document[name]:
            target[(region, criterion)] = {int(level): number for level, number in pairs}
    return counts


def only(counts: Counts, regions: list[str]) -> Counts:
    """The counts of ``regions`` alone."""
    keep = set(regions)
    return Counts(
        {r: n for r, n in counts.registry.items() if r in keep},
        {r: n for r, n in counts.engaged.items() if r in keep},
        {r: n for r, n in counts.certified.items() if r in keep},
        defaultdict(dict, {key: h for key, h in counts.claimed.items() if key[0] in keep}),
        defaultdict(dict, {key: h for key, h in counts.reviewed.items() if key[0] in keep}),
    )


def median(histogram: Histogram) -> float | None:
    """The median of the levels counted in ``histogram`` (the mean of the two middle ones for an even count)."""
    total = sum(histogram.values())
    if total == 0:
        return None
    ordered = sorted(histogram.items())

    def nth(position: int) -> int:
        seen = 0
        for level, number in ordered:
            seen += number
            if position < seen:
                return level
        raise AssertionError("position beyond the histogram")

    middle = total // 2
    return float(nth(middle)) if total % 2 else (nth(middle - 1) + nth(middle)) / 2
