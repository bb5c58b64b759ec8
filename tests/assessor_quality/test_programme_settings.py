"""The programme's assessor_quality section: parsed from the programme file, checked field by field."""

from __future__ import annotations

from pathlib import Path

import yaml

from workflows.assessor_quality import NONE, AssessorQuality
from workflows.programme_parsing import parse_programme

SHIPPED = Path(__file__).resolve().parents[2] / "workflows" / "programmes"


def _problems(section) -> tuple[AssessorQuality | None, list[str]]:
    definition, problems = parse_programme(
        {"code": "x", "name": "X", "states": {}, "events": {}, "assessor_quality": section}, "x.yaml"
    )
    return definition.assessor_quality, [
        f"{p.key}: {p.message}" for p in problems if p.key.startswith("assessor_quality")
    ]


def test_the_section_is_read_and_defaults_to_off():
    settings, problems = _problems(
        {"training_assessments": 2, "moderation_share": 0.1, "moderate_first_decisions": True}
    )
    assert problems == []
    assert settings == AssessorQuality(2, 0.1, True) and settings.has_training and settings.samples
    definition, _ = parse_programme({"code": "x", "name": "X", "states": {}, "events": {}}, "x.yaml")
    assert definition.assessor_quality == NONE and not NONE.samples and not NONE.has_training


def test_every_wrong_field_is_reported():
    settings, problems = _problems(
        {"training_assessments": -1, "moderation_share": 1.5, "moderate_first_decisions": "yes", "other": 1}
    )
    assert len(problems) == 4, problems
    assert settings == NONE
    _settings, problems = _problems(["not", "a", "mapping"])
    assert len(problems) == 1


def test_the_shipped_programme_has_the_section(app):
    with open(SHIPPED / "esafety-label.yaml", encoding="utf-8") as file:
        assert "assessor_quality" in yaml.safe_load(file)
    programme = app.extensions["workflows"].programme("esafety-label")
    assert programme.definition.assessor_quality == AssessorQuality(0, 0.0, False)
