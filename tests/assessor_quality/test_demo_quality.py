"""The demo's assessor quality: `flask demo` leaves the coordinator's calibration exercise on the shipped sample,
judged by both demo assessors, with results on the quality pages (the coordinator sees both, each assessor only
themselves and the consensus); loading again adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import CalibrationExercise
from tests.builders import PASSWORD, sign_in, sign_out


def test_the_demo_has_a_calibration_exercise_with_results(app, client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CalibrationExercise)) == 1
        exercise_id = db.session.scalar(select(CalibrationExercise.id))

    sign_in(client, "coordinator@demo.example.org", PASSWORD)
    overview = client.get("/quality").get_data(as_text=True)
    assert "Autumn calibration" in overview
    results = client.get(f"/quality/calibration/{exercise_id}").get_data(as_text=True)
    assert "2 of 2 invited assessors have judged." in results
    assert "Andrei Assessor" in results and "Irina Assessor" in results
    sign_out(client)
    sign_in(client, "assessor2@demo.example.org", PASSWORD)
    own = client.get(f"/quality/calibration/{exercise_id}").get_data(as_text=True)
    assert "Your distance from the consensus" in own and "Andrei Assessor" not in own
