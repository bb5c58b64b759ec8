"""The programmes page tells a school how long schools usually take from joining to the award (the median over the
programme's awarded applications, from their records), once enough schools make it up; over real HTTP."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from accreditation.extensions import db
from accreditation.models import Application, TransitionRecord
from tests.applications.web import signed_in

HEAD_A = "head.a@example.org"
PROGRAMME = "esafety-label"
JOINED = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
NOT_ENOUGH = "Not enough schools have received the award yet to say how long it usually takes."


def _record(application_id: int, version: int, from_state: str | None, to_state: str, at: datetime):
    return TransitionRecord(
        application_id=application_id,
        version=version,
        event="join" if from_state is None else "step",
        from_state=from_state,
        to_state=to_state,
        actor_role="system",
        at=at,
        seconds_in_from_state=None if from_state is None else 0,
    )


def _awarded(school_id: int, cycle: int, days: int, awarded: bool = True) -> None:
    """A closed cycle of the eSafety Label for ``school_id`` that joined on ``JOINED``, went under review ten days
    later and (``awarded``) was labelled ``days`` after joining, then labelled again a year later (a reassessment:
    the first award counts)."""
    award = JOINED + timedelta(days=days)
    application = Application(
        school_id=school_id,
        programme_code=PROGRAMME,
        cycle=cycle,
        state="labelled" if awarded else "not_labelled",
        is_open=False,
        version=4,
        created_at=JOINED - timedelta(days=300),  # the records give the dates, not the row
        awarded_at=award + timedelta(days=365) if awarded else None,
    )
    db.session.add(application)
    db.session.flush()
    db.session.add_all(
        [
            _record(application.id, 1, None, "registered", JOINED),
            _record(application.id, 2, "registered", "under_review", JOINED + timedelta(days=10)),
            _record(application.id, 3, "under_review", "labelled" if awarded else "not_labelled", award),
        ]
    )
    if awarded:
        db.session.add(_record(application.id, 4, "reassessment_open", "labelled", award + timedelta(days=365)))


def _section(app, code: str) -> str:
    response = signed_in(app, HEAD_A).get("/programmes")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.search(rf'<section class="programme" id="programme-{code}".*?</section>', html, re.S).group(0)


def _build(app, world, awarded_days: list[int], others: int = 0) -> None:
    with app.app_context():
        for cycle, days in enumerate(awarded_days, start=1):
            _awarded(world.school_a, cycle, days)
        for cycle in range(others):  # not awarded: they do not count
            _awarded(world.school_b, cycle + 1, 20, awarded=False)
        db.session.commit()
        db.session.remove()


def test_the_median_time_from_joining_to_the_award_of_five_schools_is_told(app, world):
    _build(app, world, [100, 110, 120, 130, 400], others=2)  # median 120 days: about 4 months
    section = _section(app, PROGRAMME)
    assert "The time it usually takes" in section
    assert "Schools usually take about 4 months from joining to the award." in section
    assert "This is the median of 5 schools that have received the award." in section
    assert NOT_ENOUGH not in section
    # a programme no school has finished yet says so
    assert NOT_ENOUGH in _section(app, "ciss")


def test_fewer_than_five_awarded_schools_are_not_enough_to_say(app, world):
    _build(app, world, [100, 110, 120, 130], others=3)
    section = _section(app, PROGRAMME)
    assert NOT_ENOUGH in section
    assert "Schools usually take" not in section and "median" not in section
