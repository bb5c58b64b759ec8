"""Answers: saved as the school goes, never lost — conflicts are shown, double submits change nothing, answers to
different criteria merge — and bad input (a level outside the scale, a criterion that does not exist) refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accreditation.assessment.answers import AnswerInput, save_answers
from accreditation.assessment.errors import LevelOutOfScale, NotEditable, UnknownCriterion
from accreditation.extensions import db
from accreditation.models import Answer
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, STAFF_A, answer_all, framework_of, ready_for_answers, upload_required
from tests.builders import csrf_token


@pytest.fixture
def application_id(app, world):
    with app.app_context():
        return ready_for_answers(world)


def _answers(app, application_id) -> dict[str, Answer]:
    with app.app_context():
        rows = db.session.scalars(select(Answer)).all()
        return {row.criterion_code: (row.level, row.commentary, row.revision) for row in rows}


def _area(app):
    with app.app_context():
        framework = framework_of()
        area = framework.areas[0]
        return area.code, [c.code for c in area.criteria], framework.highest


def _autosave(client, application_id, code, level, commentary, revision, token):
    return client.post(
        f"/applications/{application_id}/self-assessment/answers/{code}",
        data={"level": level, "commentary": commentary, "revision": revision},
        headers={"X-CSRFToken": token},
    )


def test_school_saves_an_area_through_the_plain_form_and_sees_its_progress(app, application_id):
    area, codes, _ = _area(app)
    client = signed_in(app, HEAD_A)
    page = client.get(f"/applications/{application_id}/self-assessment?area={area}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    token = csrf_token(html)
    data = {"csrf_token": token, f"level-{codes[0]}": "2", f"commentary-{codes[0]}": "We started.", "then": "stay"}
    data.update({f"revision-{code}": "0" for code in codes})
    response = client.post(f"/applications/{application_id}/self-assessment?area={area}", data=data)
    assert response.status_code == 302
    assert _answers(app, application_id)[codes[0]] == (2, "We started.", 1)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1/" in html and 'value="1"' in html  # the area's progress and the new revision in the form


def test_two_tabs_on_the_same_criterion_end_in_a_conflict_that_keeps_both_texts(app, application_id):
    area, codes, _ = _area(app)
    head = signed_in(app, HEAD_A)
    staff = signed_in(app, STAFF_A)
    head_token = csrf_token(head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True))
    staff_token = csrf_token(staff.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True))
    # Both pages were loaded with no answer (revision 0); the head saves first.
    first = _autosave(head, application_id, codes[0], "3", "The head's commentary.", 0, head_token)
    assert first.status_code == 200 and (first.json["status"], first.json["revision"]) == ("saved", 1)
    assert first.json["answered"] == 1
    second = _autosave(staff, application_id, codes[0], "1", "The teacher's different view.", 0, staff_token)
    assert second.status_code == 409
    assert second.json["status"] == "conflict"
    assert second.json["saved"] == {"level": 3, "commentary": "The head's commentary.", "revision": 1}
    assert "Head A" in second.json["message"]
    assert _answers(app, application_id)[codes[0]] == (3, "The head's commentary.", 1)  # not overwritten
    # Having seen it, the teacher saves on top of revision 1: now it is theirs.
    third = _autosave(staff, application_id, codes[0], "1", "The teacher's different view.", 1, staff_token)
    assert third.status_code == 200 and third.json["revision"] == 2


def test_a_plain_form_with_a_stale_revision_shows_both_versions_and_saves_the_rest(app, application_id):
    area, codes, _ = _area(app)
    head = signed_in(app, HEAD_A)
    token = csrf_token(head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True))
    assert _autosave(head, application_id, codes[0], "3", "Saved in another tab.", 0, token).status_code == 200
    data = {"csrf_token": token, "then": "stay"}
    data.update({f"revision-{code}": "0" for code in codes})
    data.update({f"level-{codes[0]}": "1", f"commentary-{codes[0]}": "Typed in this tab."})
    data.update({f"level-{codes[1]}": "2", f"commentary-{codes[1]}": "A second criterion."})
    response = head.post(f"/applications/{application_id}/self-assessment?area={area}", data=data)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else saved some of these answers" in html
    assert "Typed in this tab." in html and "Saved in another tab." in html  # nothing lost
    saved = _answers(app, application_id)
    assert saved[codes[0]] == (3, "Saved in another tab.", 1)
    assert saved[codes[1]] == (2, "A second criterion.", 1)  # the other criterion merged in


def test_a_double_submit_changes_nothing_the_second_time(app, application_id):
    _, codes, _ = _area(app)
    head = signed_in(app, HEAD_A)
    token = csrf_token(head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True))
    assert _autosave(head, application_id, codes[0], "2", "Same text.", 0, token).json["status"] == "saved"
    again = _autosave(head, application_id, codes[0], "2", "Same text.", 0, token)
    assert again.status_code == 200 and (again.json["status"], again.json["revision"]) == ("unchanged", 1)
    assert _answers(app, application_id)[codes[0]] == (2, "Same text.", 1)


@pytest.mark.parametrize("level", ["9", "0", "-1"])
def test_a_level_outside_the_scale_is_refused_and_nothing_is_saved(app, application_id, level):
    _, codes, highest = _area(app)
    head = signed_in(app, HEAD_A)
    token = csrf_token(head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True))
    response = _autosave(head, application_id, codes[0], level, "Text.", 0, token)
    assert response.status_code == 422
    assert f"from 1 to {highest}" in response.json["error"]["message"]
    assert _answers(app, application_id) == {}


def test_a_level_that_is_not_a_number_is_refused(app, application_id):
    _, codes, _ = _area(app)
    head = signed_in(app, HEAD_A)
    token = csrf_token(head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True))
    response = _autosave(head, application_id, codes[0], "gold", "Text.", 0, token)
    assert response.status_code == 422 and "whole number" in response.json["error"]["message"]
    assert _answers(app, application_id) == {}


def test_an_answer_to_a_criterion_that_does_not_exist_is_refused(app, application_id):
    head = signed_in(app, HEAD_A)
    token = csrf_token(head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True))
    response = _autosave(head, application_id, "no-such-criterion", "2", "Text.", 0, token)
    assert response.status_code == 422
    assert "no-such-criterion" in response.json["error"]["message"]
    assert _answers(app, application_id) == {}


def test_one_bad_item_saves_nothing_of_the_others(app, application_id):
    with app.app_context():
        from tests.applications.builders import person

        codes = [c.code for c in framework_of().criteria]
        with pytest.raises(LevelOutOfScale):
            save_answers(
                application_id, person(HEAD_A), [AnswerInput(codes[0], 2, "ok"), AnswerInput(codes[1], 99, "")]
            )
        with pytest.raises(UnknownCriterion):
            save_answers(application_id, person(HEAD_A), [AnswerInput(codes[0], 2, "ok"), AnswerInput("nope", 1, "")])
        db.session.rollback()
    assert _answers(app, application_id) == {}


def test_autosave_without_its_csrf_token_is_refused(app, application_id):
    _, codes, _ = _area(app)
    head = signed_in(app, HEAD_A)
    response = head.post(
        f"/applications/{application_id}/self-assessment/answers/{codes[0]}", data={"level": "2", "revision": "0"}
    )
    assert response.status_code == 400
    assert _answers(app, application_id) == {}


def test_another_school_cannot_read_or_write_the_self_assessment(app, application_id):
    _, codes, _ = _area(app)
    other = signed_in(app, "head.b@example.org")
    assert other.get(f"/applications/{application_id}/self-assessment").status_code == 403
    token = csrf_token(other.get("/me").get_data(as_text=True))
    assert _autosave(other, application_id, codes[0], "2", "x", 0, token).status_code == 403
    assert other.get("/applications/999999/self-assessment").status_code == 404
    assert _answers(app, application_id) == {}


def test_answers_cannot_change_outside_the_self_assessment_states(app, world):
    with app.app_context():
        from tests.applications.builders import person, start

        application_id = start(world, "esafety-label")  # registered: not started yet
        with pytest.raises(NotEditable):
            save_answers(application_id, person(HEAD_A), [AnswerInput(framework_of().criteria[0].code, 2, "x")])


def test_autosave_says_what_still_blocks_the_submission_until_nothing_does(app, application_id):
    """The page's "Before you submit" box is redrawn from each autosave's answer."""
    _area_code, codes, _ = _area(app)
    head = signed_in(app, HEAD_A)
    token = csrf_token(head.get(f"/applications/{application_id}/self-assessment").get_data(as_text=True))
    with app.app_context():
        total = len(framework_of().criteria)
    [option] = _autosave(head, application_id, codes[0], "1", "We started.", 0, token).json["submission"]
    assert not option["possible"]
    assert any(f"{total - 1} criteria without an answer" in reason for reason in option["reasons"])
    assert any("Please upload" in reason for reason in option["reasons"])

    with app.app_context():
        answer_all(application_id)
        upload_required(application_id)
        revision = db.session.scalar(select(Answer.revision).where(Answer.criterion_code == codes[0]))
    last = _autosave(head, application_id, codes[0], "2", "Changed once everything else was done.", revision, token)
    [option] = last.json["submission"]
    assert option["possible"] and option["reasons"] == []
    assert option["url"] == f"/applications/{application_id}#option-submit" and option["label"]
