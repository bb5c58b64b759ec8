"""fire() writes on each transition record how long the application stayed in the state it left, and counts the
stay; the figures from those counts are the figures from the records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from accreditation.applications import outbox
from accreditation.extensions import db
from accreditation.models import Application, StateStayCount
from accreditation.models.time import utcnow
from tests.applications.builders import fire_as, records, start


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch) -> None:
    monkeypatch.setattr(outbox, "send_to_celery", lambda job_id: None)


def test_each_record_says_how_long_the_state_it_left_lasted(ctx, world):
    application_id = start(world)
    db.session.execute(
        update(Application)
        .where(Application.id == application_id)
        .values(state_entered_at=utcnow() - timedelta(days=3, hours=2))
    )
    db.session.commit()
    fire_as(application_id, "accept", world.emails["coordinator_md"])
    joined, accepted = records(application_id)
    assert joined.seconds_in_from_state is None  # the first record of a cycle left no state
    assert abs(accepted.seconds_in_from_state - (3 * 86400 + 7200)) <= 5
    fire_as(application_id, "withdraw", world.emails["school_admin_a"])
    assert 0 <= records(application_id)[-1].seconds_in_from_state <= 5
    counts = db.session.execute(
        select(StateStayCount.from_state, StateStayCount.country_code, StateStayCount.tenths, StateStayCount.stays)
    ).all()
    assert sorted(counts) == [("applied", "MD", 31, 1), ("implementing", "MD", 0, 1)]  # 3.08 days, then none


def test_the_figures_from_the_counts_equal_those_from_the_records(md):
    """Moldova as a whole reads the counts; with a date range that covers everything, the records."""
    from tests.dashboard.pages import body

    counted = body(md.get("/coordinate/dashboard?programme=ciss").get_data(as_text=True), "durations")
    from_records = md.get("/coordinate/dashboard?programme=ciss&from=2000-01-01&to=2100-01-01")
    assert body(from_records.get_data(as_text=True), "durations") == counted


def test_stay_lengths_are_counted_alike_in_python_and_in_sql(ctx):
    from sqlalchemy import text

    from accreditation.applications.stay_counts import SQL_TENTHS, tenths_of

    day = 86400
    lengths = [0, 4319, 4320, 3 * day + 7200, 10 * day - 1, 10 * day, 10 * day + 43199, 10 * day + 43200]
    lengths += [365 * day - 1, 365 * day, 400 * day + 5 * day - 1, 400 * day + 5 * day]
    expected = [0, 0, 1, 31, 100, 100, 100, 110, 3650, 3700, 4000, 4100]
    assert [tenths_of(seconds) for seconds in lengths] == expected
    in_sql = [
        db.session.scalar(text(f"SELECT {SQL_TENTHS.format(s='CAST(:s AS INTEGER)')}"), {"s": seconds})
        for seconds in lengths
    ]
    assert in_sql == expected
