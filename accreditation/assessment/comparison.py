"""The benchmark picture: a school's average level per area beside the anonymous averages of its region, its
country and the whole programme. The averages come from each application's latest submitted snapshot and are
shown only when at least ``MIN_SCHOOLS`` schools make them up, so no figure can be traced to one school; no other
school's identity is ever read out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select

from accreditation.assessment.answers import workspace
from accreditation.assessment.scoring import scorecard
from accreditation.extensions import db
from accreditation.models import Application, School, Snapshot, SnapshotAnswer, User
from workflows import Area

MIN_SCHOOLS = 3


@dataclass(frozen=True)
class AreaComparison:
    area: Area
    school: float | None
    region: float | None
    country: float | None
    programme: float | None

    @property
    def benchmark(self) -> float:
        """The level the area's criteria should reach: the average of their benchmarks."""
        criteria = self.area.criteria
        return sum(criterion.benchmark for criterion in criteria) / len(criteria) if criteria else 0.0


@dataclass(frozen=True)
class Comparison:
    areas: list[AreaComparison]
    groups: dict[str, int]  # region/country/programme -> schools counted
    lowest: int  # the framework's scale
    highest: int
    scale: Mapping[int, object] = field(default_factory=dict)  # level -> its name (a workflows Text)


def _latest_snapshots(programme_code: str) -> Select:
    latest = (
        select(Snapshot.application_id, func.max(Snapshot.round).label("round"))
        .join(Application, Application.id == Snapshot.application_id)
        .where(Application.programme_code == programme_code)
        .group_by(Snapshot.application_id)
        .subquery()
    )
    return select(Snapshot.id).join(
        latest, (latest.c.application_id == Snapshot.application_id) & (latest.c.round == Snapshot.round)
    )


def _averages(programme_code: str, country: str | None = None, region: str | None = None) -> tuple[dict, int]:
    """Average level per area over the latest snapshots of the programme's schools (within a country/region),
    and the number of schools counted."""
    snapshot_ids = _latest_snapshots(programme_code).subquery()
    base = (
        select(SnapshotAnswer.area_code, func.avg(SnapshotAnswer.level))
        .join(Snapshot, Snapshot.id == SnapshotAnswer.snapshot_id)
        .join(snapshot_ids, snapshot_ids.c.id == Snapshot.id)
        .join(Application, Application.id == Snapshot.application_id)
        .join(School, School.id == Application.school_id)
        .where(SnapshotAnswer.level.is_not(None))
    )
    schools = (
        select(func.count(func.distinct(Application.school_id)))
        .select_from(Snapshot)
        .join(snapshot_ids, snapshot_ids.c.id == Snapshot.id)
        .join(Application, Application.id == Snapshot.application_id)
        .join(School, School.id == Application.school_id)
    )
    if country:
        base, schools = base.where(School.country_code == country), schools.where(School.country_code == country)
    if region:
        base, schools = base.where(School.region_code == region), schools.where(School.region_code == region)
    count = db.session.scalar(schools) or 0
    if count < MIN_SCHOOLS:
        return {}, count
    return {area: float(value) for area, value in db.session.execute(base.group_by(SnapshotAnswer.area_code))}, count


def comparison(application_id: int, actor: User) -> Comparison:
    space = workspace(application_id, actor)
    school = space.application.school
    levels = {code: answer.level for code, answer in space.answers().items()}
    card = scorecard(space.framework, levels, space.programme.awards)
    code = space.application.programme_code
    region, region_count = _averages(code, region=school.region_code)
    country, country_count = _averages(code, country=school.country_code)
    everyone, programme_count = _averages(code)
    areas = [
        AreaComparison(
            score.area,
            score.average,
            region.get(score.area.code),
            country.get(score.area.code),
            everyone.get(score.area.code),
        )
        for score in card.areas
    ]
    groups = {"region": region_count, "country": country_count, "programme": programme_count}
    framework = space.framework
    return Comparison(areas, groups, framework.lowest, framework.highest, framework.scale)
