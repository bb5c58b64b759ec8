"""The regional index's nightly refresh: beat's schedule names a registered task, and the task recomputes the stored
counts of every programme with awards and every country, this year and the one before."""

from __future__ import annotations

from celery.schedules import crontab
from sqlalchemy import select

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import RegionalIndexCounts
from accreditation.models.time import utcnow
from accreditation.tasks.regional_index import refresh_regional_index


def test_beat_runs_the_refresh_every_night(app):
    entry = app.config["CELERY"]["beat_schedule"]["refresh-regional-index"]
    assert entry["schedule"] == crontab(hour=2, minute=30)
    assert entry["task"] in app.extensions["celery"].tasks


def test_the_task_refreshes_every_stored_count(app, world):
    year = utcnow().year
    with app.app_context():
        awarding = {code for code, p in current_workflows().programmes.items() if p.awards is not None}
        assert awarding
        assert db.session.scalars(select(RegionalIndexCounts)).all() == []
    done = refresh_regional_index.apply().get()
    with app.app_context():
        kept = {(r.programme_code, r.country_code, r.year) for r in db.session.scalars(select(RegionalIndexCounts))}
        db.session.remove()
    expected = {(code, country, each) for code in awarding for country in ("MD", "UA") for each in (year - 1, year)}
    assert kept == expected and done == len(expected)
