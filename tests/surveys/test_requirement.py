"""A programme's survey requirement (ciss: pupils, 30 answers in the last 12 months), as the guard
``survey_requirement_met`` reads it, and the check of the instrument files."""

from __future__ import annotations

from types import SimpleNamespace

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.surveys.instruments import check
from accreditation.surveys.snapshots import survey_requirement_met
from tests.surveys.test_coordinators import closed_window
from workflows.surveys.parsing import read_instruments


def _context(school_id: int, programme: str = "ciss"):
    return SimpleNamespace(application=SimpleNamespace(school_id=school_id, programme_code=programme))


def test_the_guard_names_what_is_missing_until_enough_pupils_answered(app, world):
    with app.app_context():
        closed_window(world.school_a, {"pupils_9_11": (12, 3), "pupils_12_14": (17, 3), "parents": (40, 3)})
        db.session.commit()
        [reason] = survey_requirement_met(_context(world.school_a))
        assert "at least 30 answers in the last 12 months" in reason and "has 29" in reason
        closed_window(world.school_a, {"pupils_15_18": (1, 3)})
        db.session.commit()
        assert survey_requirement_met(_context(world.school_a)) == []
        assert survey_requirement_met(_context(world.school_a, "esafety-label")) == []  # it requires none
        closed_window(world.school_b, {"pupils_9_11": (50, 3)}, days_ago=400)  # too long ago
        db.session.commit()
        assert survey_requirement_met(_context(world.school_b)) != []


def test_the_shipped_instruments_check_clean_and_a_broken_one_is_reported(app, tmp_path):
    with app.app_context():
        assert check(current_workflows()) == []
        broken = tmp_path / "ciss.v2.yaml"
        broken.write_text(
            "programme: ciss\nversion: 2\nthreshold: 3\nscale: {1: {en: No}, 7: {en: Yes}}\n"
            "questions:\n- {code: q, audiences: [pupils], criteria: [no_such_criterion], text: {en: Hi}}\n",
            encoding="utf-8",
        )
        from accreditation.surveys.instruments import criteria_of_programmes

        _instruments, problems = read_instruments(tmp_path, criteria_of_programmes(current_workflows()))
    found = {(p.key, p.message.split(":")[0]) for p in problems}
    keys = {p.key for p in problems}
    assert {
        "threshold",
        "scale.7",
        "scale.1",
        "questions[0].audiences",
        "questions[0].criteria",
        "questions[0].text",
    } <= keys, found
