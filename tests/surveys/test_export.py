"""The school's data export holds its survey results (aggregates only, nothing below the threshold, no free text)
and the instruments they were asked with."""

from __future__ import annotations

import json

from accreditation.assessment.export import school_data
from accreditation.extensions import db
from accreditation.models import School, SurveyComment, SurveyWindow
from tests.surveys.test_coordinators import closed_window


def test_the_export_has_the_results_and_instruments_and_no_comment(app, world):
    with app.app_context():
        closed_window(world.school_a, {"pupils_9_11": (12, 4), "parents": (6, 2)})
        window = db.session.scalars(db.select(SurveyWindow)).one()
        db.session.add(SurveyComment(window_id=window.id, audience="parents", text="A private remark"))
        db.session.commit()
        data, _files = school_data(db.session.get(School, world.school_a))
        text = json.dumps(data, ensure_ascii=False, default=str)
    surveys = data["surveys"]
    [exported] = surveys["windows"]
    by_audience = {a["audience"]: a for a in exported["audiences"]}
    assert by_audience["pupils_9_11"]["responses"] == 12
    assert by_audience["pupils_9_11"]["criteria"]["acceptable_use"] == 4.0
    assert by_audience["parents"]["responses"] is None and by_audience["parents"]["criteria"] == {}
    assert "A private remark" not in text
    [instrument] = surveys["instruments"]
    assert instrument["programme"] == "ciss" and instrument["version"] == 1
    assert {"en", "ru", "uk", "ro", "be"} <= set(instrument["questions"][0]["text"])
