"""The programme file's between_awards section: parsed into the definition, every wrong field reported."""

from __future__ import annotations

from workflows.between_awards import criteria_problems, parse_between_awards
from workflows.yaml_fields import Fields


def test_the_section_is_parsed_and_every_wrong_field_is_reported():
    fields = Fields("p.yaml")
    section = parse_between_awards(
        fields,
        {
            "training": {
                "window_months": 0,
                "courses": [{"code": "basics", "title": {"en": "Basics"}}, {"code": "basics", "title": "Again"}, {}],
                "thresholds": [
                    {"criterion": "staff", "role": "janitor", "share": 1.5},
                    {"criterion": "ok", "role": "teacher", "share": 0.8},
                ],
                "colour": "red",
            }
        },
    )
    found = {problem.key: problem.message for problem in fields.problems}
    assert "must be a whole number of 1 or more" in found["between_awards.training.window_months"]
    assert "repeats the course 'basics'" in found["between_awards.training.courses[1].code"]
    assert found["between_awards.training.courses[2].code"] == "is required"
    assert "must be teacher, support, governor or leadership" in found["between_awards.training.thresholds[0].role"]
    assert "share between 0 and 1" in found["between_awards.training.thresholds[0].share"]
    assert "unknown field" in found["between_awards.training.colour"]
    training = section.training
    assert [course.code for course in training.courses] == ["basics"]
    assert training.threshold("ok").share == 0.8 and training.threshold("staff") is None
    assert [p.key for p in criteria_problems(section, "p.yaml", {"staff"})] == [
        "between_awards.training.thresholds[0].criterion"
    ]
