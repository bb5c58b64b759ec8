"""Two (or eight) requests firing on one application at once: exactly one wins, the others get StaleVersion.

Real concurrent connections to PostgreSQL: each thread has its own app context, session and connection, loads
the application at version 1, and waits at a barrier until all have checked the guards; then all write at once.
"""

from __future__ import annotations

import threading

import pytest

from accreditation.applications import StaleVersion, fire_and_commit
from accreditation.extensions import db
from tests.applications.builders import application, jobs, person, records, start
from workflows import Programme

RACERS = 8


@pytest.mark.postgres
def test_concurrent_fires_on_one_application_have_exactly_one_winner(app, world, monkeypatch):
    with app.app_context():
        application_id = start(world, "ciss")
        db.session.remove()
    barrier = threading.Barrier(RACERS, timeout=30)
    real_advance = Programme.advance

    def advance_together(self, *args, **kwargs):
        step = real_advance(self, *args, **kwargs)
        barrier.wait()  # every racer has loaded version 1 and passed the guards: now all write at once
        return step

    monkeypatch.setattr(Programme, "advance", advance_together)
    outcomes: list[str] = []
    lock = threading.Lock()

    def race(event: str, comment: str) -> None:
        with app.app_context():
            try:
                data = {"comment": comment}
                fire_and_commit(application_id, event, person("coord.md@example.org"), data, expected_version=1)
                outcome = f"won:{event}"
            except StaleVersion:
                outcome = "stale"
            except Exception as error:  # noqa: BLE001 (reported below)
                outcome = f"error:{error!r}"
            finally:
                db.session.remove()
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(target=race, args=("accept" if i % 2 else "decline", f"racer {i}")) for i in range(RACERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [outcome for outcome in outcomes if outcome.startswith("won:")]
    assert len(outcomes) == RACERS
    assert len(winners) == 1, outcomes
    assert outcomes.count("stale") == RACERS - 1, outcomes
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        final = application(application_id)
        history = records(application_id)
        assert final.version == 2 and len(history) == 2
        assert final.state == {"won:accept": "implementing", "won:decline": "declined"}[winners[0]]
        assert history[1].to_state == final.state
        expected_jobs = 1 + len(app.extensions["workflows"].programme("ciss").state(final.state).on_enter)
        assert len(jobs(application_id)) == expected_jobs
        db.session.remove()


@pytest.mark.postgres
def test_concurrent_fires_without_a_pause_still_have_one_winner(app, world):
    with app.app_context():
        application_id = start(world, "ciss")
        db.session.remove()
    start_line = threading.Barrier(RACERS, timeout=30)
    outcomes: list[str] = []

    def race() -> None:
        with app.app_context():
            start_line.wait()
            try:
                fire_and_commit(application_id, "accept", person("coord.md@example.org"), {}, expected_version=1)
                outcomes.append("won")
            except StaleVersion:
                outcomes.append("stale")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["stale"] * (RACERS - 1) + ["won"]
    with app.app_context():
        assert application(application_id).version == 2 and len(records(application_id)) == 2
        db.session.remove()
