"""A hand-made country for the regional index: Moldova's Chișinău (12 schools), Bălți (4) and Soroca (8, added
here), with applications, self-assessments, reviews and certificates in 2024 and 2025 written row by row, so every
figure of the index can be counted by hand (the counts are in ``test_regional_index``)."""

from __future__ import annotations

from datetime import UTC, datetime

from accreditation.extensions import db
from accreditation.models import Application, Certificate, Region, School
from accreditation.models.assessment import Snapshot, SnapshotAnswer
from accreditation.models.review import Judgment, Review
from tests.builders import add_geography

PROGRAMME = "ciss"


def _at(year: int, month: int) -> datetime:
    return datetime(year, month, 15, 12, tzinfo=UTC)


def _schools(region: str, number: int) -> list[School]:
    schools = []
    for n in range(number):
        school = School(
            name=f"School {region} {n}",
            national_id=f"{region}-{n}",
            country_code="MD",
            region_code=region,
            language="ro",
            school_type="secondary",
            verification="verified",
            created_at=_at(2020, 1),
        )
        db.session.add(school)
        schools.append(school)
    db.session.flush()
    return schools


def _apply(school: School, started: datetime) -> Application:
    application = Application(
        school_id=school.id, programme_code=PROGRAMME, state="self_assessment", created_at=started
    )
    db.session.add(application)
    db.session.flush()
    return application


def _snapshot(application: Application, submitted: datetime, levels: dict[str, int], round_: int = 1) -> Snapshot:
    snapshot = Snapshot(
        application_id=application.id,
        round=round_,
        framework_code="hand",
        framework_version=1,
        record_version=round_,
        share_at_benchmark=0.5,
        submitted_at=submitted,
    )
    db.session.add(snapshot)
    db.session.flush()
    for code, level in levels.items():
        db.session.add(
            SnapshotAnswer(snapshot_id=snapshot.id, criterion_code=code, area_code="a", level=level, benchmark=2)
        )
    return snapshot


def _review(application: Application, snapshot: Snapshot, decided: datetime, judgments: dict[str, tuple]) -> None:
    review = Review(
        application_id=application.id,
        snapshot_id=snapshot.id,
        round=snapshot.round,
        decision="awarded",
        decided_at=decided,
    )
    db.session.add(review)
    db.session.flush()
    for code, (verdict, claimed, level) in judgments.items():
        db.session.add(
            Judgment(review_id=review.id, criterion_code=code, verdict=verdict, claimed_level=claimed, level=level)
        )


def _certificate(application: Application, issued: datetime, status: str = "valid", changed=None) -> None:
    db.session.add(
        Certificate(
            application_id=application.id,
            school_id=application.school_id,
            programme_code=PROGRAMME,
            kind="award",
            serial=f"HAND-{application.id}",
            verification_id=f"hand{application.id:012d}",
            school_name="x",
            programme_name="x",
            level="established",
            title="Established",
            issued_at=issued,
            expires_at=_at(2027, 6),
            status=status,
            status_changed_at=changed,
        )
    )


def build_country() -> None:
    """The fixture; see the module's docstring and the test's hand counts."""
    add_geography()
    db.session.add(Region(code="MD-SO", country_code="MD", name="Soroca"))
    db.session.flush()
    chisinau, balti, soroca = _schools("MD-CU", 12), _schools("MD-BA", 4), _schools("MD-SO", 8)
    # Chișinău: 5 started in 2024, 2 more in 2025.
    started = [_apply(s, _at(2024, 5)) for s in chisinau[:5]] + [_apply(s, _at(2025, 3)) for s in chisinau[5:7]]
    # Six submitted self-assessments in 2025: c1 claimed 1 2 2 3 3 4 (median 2.5), c2 0 1 1 1 2 4 (median 1).
    claimed = [(1, 0), (2, 1), (2, 1), (3, 1), (3, 2), (4, 4)]
    snapshots = []
    for application, (c1, c2) in zip(started[:6], claimed, strict=True):
        if application is started[0]:  # an earlier round claimed 4 on c1: only the latest round counts
            _snapshot(application, _at(2024, 9), {"c1": 4, "c2": 4}, round_=1)
            snapshots.append(_snapshot(application, _at(2025, 4), {"c1": c1, "c2": c2}, round_=2))
        else:
            snapshots.append(_snapshot(application, _at(2025, 4), {"c1": c1, "c2": c2}))
    # Five reviews decided in 2025: c1 agreed with 2, 2, 3... see the test; c2 insufficient everywhere.
    c1_judgments = [
        ("different", 1, 2),
        ("agree", 2, None),
        ("agree", 2, None),
        ("different", 3, 1),
        ("different", 3, 1),
    ]
    for application, snapshot, c1 in zip(started[:5], snapshots[:5], c1_judgments, strict=True):
        _review(application, snapshot, _at(2025, 6), {"c1": c1, "c2": ("insufficient", 1, None)})
    # Certified at the end of 2025: five; a sixth was revoked in October 2025.
    for application in started[:5]:
        _certificate(application, _at(2025, 6))
    _certificate(started[5], _at(2025, 6), status="revoked", changed=_at(2025, 10))
    # Bălți: 3 started in 2025, one self-assessment (too few to show). Soroca: 6 started in 2025.
    for s in balti[:3]:
        application = _apply(s, _at(2025, 2))
    _snapshot(application, _at(2025, 5), {"c1": 0, "c2": 0})
    for s in soroca[:6]:
        _apply(s, _at(2025, 2))
    db.session.commit()
