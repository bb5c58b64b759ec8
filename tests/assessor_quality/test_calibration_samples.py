"""Calibration on a sample shipped with the programme (``workflows/frameworks/calibration/``): the shipped sample
checks clean with ``flask workflows check``, a broken one is reported field by field, and a coordinator picks it
on the new-exercise page like a past submission; the assessors read its commentary in their own language and judge
it; the results are those of any exercise."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from sqlalchemy import select

from accreditation.applications.runtime import current_workflows
from accreditation.assessor_quality import calibration
from accreditation.extensions import db
from accreditation.models import CalibrationExercise
from tests.applications.builders import person
from tests.assessor_quality.builders import ASSESSORS, three_assessors
from tests.assessor_quality.test_calibration import judge_page
from tests.builders import csrf_token, sign_in, sign_out
from tests.review.builders import COORDINATOR, LEAD, MODERATOR
from workflows.calibration_samples import SAMPLES_DIR, read_samples

SAMPLE = "esafety-label-sample-1"


def test_the_shipped_sample_checks_clean_and_the_command_says_ok(app):
    with app.app_context():
        samples, problems = read_samples(current_workflows().frameworks)
    assert problems == [] and SAMPLE in samples
    assert samples[SAMPLE].answers["internet_filtering"].commentary.in_("be").startswith("Фільтр")
    result = app.test_cli_runner().invoke(args=["workflows", "check"])
    assert result.exit_code == 0 and "OK" in result.output


def test_a_broken_sample_is_reported_key_by_key(app, tmp_path: Path):
    data = yaml.safe_load(
        (SAMPLES_DIR / "esafety-label.v1.sample-1.yaml").read_text(encoding="utf-8").replace(SAMPLE, "broken")
    )
    del data["title"]["be"]
    data["answers"]["internet_filtering"]["level"] = 9
    del data["answers"]["backups"]
    data["answers"]["no_such_criterion"] = data["answers"]["network_security"]
    del data["answers"]["user_accounts"]["commentary"]["ro"]
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "other.yaml").write_text("code: x\nframework: esafety-label\nversion: 7\n", encoding="utf-8")
    with app.app_context():
        samples, problems = read_samples(current_workflows().frameworks, tmp_path)
    assert samples == {}
    found = {(Path(p.file).name, p.key): p.message for p in problems}
    assert "missing: be" in found[("broken.yaml", "title")]
    assert (
        "must be a level of the framework (1 to 5), not 9" in found[("broken.yaml", "answers.internet_filtering.level")]
    )
    assert "no answer for backups" in found[("broken.yaml", "answers")]
    assert "no such criterion" in found[("broken.yaml", "answers.no_such_criterion")]
    assert "missing: ro" in found[("broken.yaml", "answers.user_accounts.commentary")]
    assert found[("other.yaml", "framework")] == "no framework esafety-label version 7"
    assert ("other.yaml", "title", "is required") in {(Path(p.file).name, p.key, p.message) for p in problems}


def test_a_coordinator_calibrates_on_the_shipped_sample_through_the_pages(app, client, world):
    with app.app_context():
        three_assessors()
        invited = [person(email).id for email in ASSESSORS]
        person(MODERATOR).language = "ru"
        db.session.commit()
        db.session.remove()
    sign_in(client, COORDINATOR)
    page = client.get("/quality/calibration/new").get_data(as_text=True)
    assert f'value="sample:{SAMPLE}"' in page and "Calibration sample: Sample secondary school" in page
    made = client.post(
        "/quality/calibration/new",
        data={
            "csrf_token": csrf_token(page),
            "title": "Sample day",
            "snapshot": f"sample:{SAMPLE}",
            "assessors": [str(i) for i in invited],
        },
    )
    assert made.status_code == 302, made.get_data(as_text=True)[-2000:]
    bad = client.post(
        "/quality/calibration/new",
        data={
            "csrf_token": csrf_token(page),
            "title": "Bad",
            "snapshot": "sample:nope",
            "assessors": [str(i) for i in invited],
        },
    )
    assert bad.status_code == 422
    sign_out(client)
    with app.app_context():
        exercise = db.session.scalar(select(CalibrationExercise))
        assert (exercise.sample_code, exercise.snapshot_id, exercise.programme_code) == (SAMPLE, None, "esafety-label")
        exercise_id = exercise.id

    sign_in(client, MODERATOR)
    russian = client.get(f"/quality/calibration/{exercise_id}").get_data(as_text=True)
    assert "Фильтр охватывает все сети" in russian and "A filter covers every network" not in russian
    sign_out(client)
    sign_in(client, LEAD)
    english = client.get(f"/quality/calibration/{exercise_id}").get_data(as_text=True)
    assert "A filter covers every network" in english
    assert len(set(re.findall(r'name="level-([^"]+)"', english))) == 18
    sign_out(client)
    for email, shift in zip(ASSESSORS, (0, 1, 2), strict=True):
        judge_page(client, exercise_id, email, shift)
    with app.app_context():
        figures = calibration.results(db.session.get(CalibrationExercise, exercise_id))
        assert figures.judged == 3 and figures.criteria[0].levels == [1, 2, 3] and figures.alpha is not None
