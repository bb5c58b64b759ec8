"""Calibration through the pages: a coordinator picks a past submission and invites three assessors, who judge it
blind; each sees their own result and the consensus (never the others' names), the coordinator sees everyone's
with the agreement figures."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from accreditation.assessor_quality import calibration
from accreditation.assessor_quality.errors import QualityError, QualityNotFound
from accreditation.extensions import db
from accreditation.models import CalibrationExercise, Snapshot
from tests.applications.builders import person
from tests.assessor_quality.builders import ASSESSORS, THIRD, decided, three_assessors
from tests.builders import csrf_token, sign_in, sign_out
from tests.review.builders import COORDINATOR, LEAD, MODERATOR


@pytest.fixture
def exercise_id(app, world) -> int:
    """The exercise, built in an application context of its own (the requests then have theirs)."""
    with app.app_context():
        three_assessors()
        application_id = decided(world)
        snapshot = db.session.scalar(select(Snapshot).where(Snapshot.application_id == application_id))
        exercise = calibration.create_exercise(
            person(COORDINATOR), "Spring calibration", snapshot.id, [person(email).id for email in ASSESSORS]
        )
        db.session.commit()
        found = exercise.id
        db.session.remove()
    return found


def judge_page(client, exercise_id: int, email: str, shift: int) -> str:
    """Sign in as ``email`` and send a level per criterion: the claimed level, lowered by ``shift`` on the first
    three criteria."""
    sign_in(client, email)
    shown = client.get(f"/quality/calibration/{exercise_id}")
    assert shown.status_code == 200, shown.get_data(as_text=True)[-2000:]
    page = shown.get_data(as_text=True)
    codes = re.findall(r'name="level-([^"]+)"', page)
    codes = list(dict.fromkeys(codes))
    data = {"csrf_token": csrf_token(page)}
    for index, code in enumerate(codes):
        data[f"level-{code}"] = str(max(0, 3 - (shift if index < 3 else 0)))
    answer = client.post(f"/quality/calibration/{exercise_id}/judgments", data=data, follow_redirects=True)
    assert answer.status_code == 200, answer.get_data(as_text=True)[-3000:]
    html = answer.get_data(as_text=True)
    sign_out(client)
    return html


def test_three_assessors_judge_blind_and_see_only_themselves_and_the_consensus(app, client, exercise_id):
    judge_page(client, exercise_id, LEAD, 0)
    judge_page(client, exercise_id, MODERATOR, 1)
    third = judge_page(client, exercise_id, THIRD, 2)
    assert "Your distance from the consensus" in third
    assert "Artem Assessor" not in third and "Sofia Second" not in third  # never the others' names
    assert 'id="assessor-results"' not in third

    sign_in(client, COORDINATOR)
    results = client.get(f"/quality/calibration/{exercise_id}").get_data(as_text=True)
    with app.app_context():
        check_results(results, exercise_id)


def check_results(results: str, exercise_id: int) -> None:
    assert all(name in results for name in ("Artem Assessor", "Sofia Second", "Tomas Third"))
    assert "3 of 3 invited assessors have judged." in results
    exercise = db.session.get(CalibrationExercise, exercise_id)
    figures = calibration.results(exercise)
    assert f"{figures.alpha:.2f}" in results
    assert figures.criteria[0].levels == [1, 2, 3] and figures.criteria[0].consensus == 2
    distances = {row.assessor.email: row.distance for row in figures.assessors}
    # 18 criteria; the consensus is 2 on the first three and 3 elsewhere: each is 1 level off on 3 criteria but the
    # middle one, who is on it.
    count = len(figures.criteria)
    assert distances == {LEAD: pytest.approx(3 / count), MODERATOR: 0, THIRD: pytest.approx(3 / count)}


def test_bad_input_and_strangers_are_refused(app, client, exercise_id):
    sign_in(client, LEAD)
    page = client.get(f"/quality/calibration/{exercise_id}").get_data(as_text=True)
    answer = client.post(f"/quality/calibration/{exercise_id}/judgments", data={"csrf_token": csrf_token(page)})
    assert answer.status_code == 422 and "Please give a level for every criterion" in answer.get_data(as_text=True)
    sign_out(client)
    sign_in(client, "head.a@example.org")
    assert client.get(f"/quality/calibration/{exercise_id}").status_code == 404
    with app.app_context():
        refused_directly(exercise_id)


def refused_directly(exercise_id: int) -> None:
    with pytest.raises(QualityNotFound):
        calibration.exercise_for(exercise_id, person("head.a@example.org"))
    with pytest.raises(QualityError):  # one assessor is not enough
        calibration.create_exercise(person(COORDINATOR), "Solo", 1, [person(LEAD).id])
