"""Opening a window and answering it through the pages: once per device, anonymously, results after the
threshold, the free text escaped and shown only after closing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, inspect, select

from accreditation.extensions import db
from accreditation.models import SurveyResponse, SurveyWindow
from accreditation.surveys import throttle
from tests.builders import csrf_token
from tests.surveys.helpers import answer, open_window, window_id_of


def test_ten_answers_show_results_nine_do_not(app, client, world):
    throttle.forget_all()
    links = open_window(client, world.school_a, world.emails["school_admin_a"])
    path = links["pupils_12_14"]
    assert len(path) < 20  # a short link, typed from a poster
    window_id = window_id_of(client, world.school_a)
    for _ in range(9):
        _device, response = answer(app, path)
        assert response.status_code == 303
    page = client.get(f"/schools/{world.school_a}/surveys/{window_id}").get_data(as_text=True)
    assert 'data-survey-results="none"' in page
    assert "data-survey-audience" not in page
    answer(app, path)
    page = client.get(f"/schools/{world.school_a}/surveys/{window_id}").get_data(as_text=True)
    assert 'data-survey-audience="pupils_12_14"' in page
    assert "10 answers" in page


def test_a_second_answer_from_the_same_device_is_refused(app, client, world):
    throttle.forget_all()
    path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
    device = app.test_client()
    second_tab = csrf_token(device.get(path).get_data(as_text=True))  # the form left open in another tab
    _device, first = answer(app, path, client=device)
    assert first.status_code == 303
    thanks = device.get(first.headers["Location"]).get_data(as_text=True)
    assert "data-survey-done" in thanks and "<form" not in thanks.split("<main", 1)[1]
    second = device.post(path, data={"csrf_token": second_tab, "q_know_rules": "1"})
    assert second.status_code == 409
    assert "already answered this survey on this device" in second.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def test_nothing_about_the_device_or_address_is_stored(app, client, world):
    throttle.forget_all()
    path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
    answer(app, path, class_code="7B", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    with app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("survey_responses")}
        assert columns == {"id", "window_id", "audience", "device", "class_code", "submitted_at"}
        row = db.session.scalars(select(SurveyResponse)).one()
        assert "203.0.113" not in repr(vars(row)) and row.class_code == "7B"


def test_script_in_a_comment_is_inert_and_shown_only_after_closing(app, client, world):
    throttle.forget_all()
    path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    answer(app, path, comment=script)
    window_id = window_id_of(client, world.school_a)
    page = client.get(f"/schools/{world.school_a}/surveys/{window_id}").get_data(as_text=True)
    assert "alert" not in page  # not shown while open
    with app.app_context():
        window = db.session.get(SurveyWindow, window_id)
        window.opens_on -= timedelta(days=30)
        window.closes_on = window.opens_on + timedelta(days=1)
        db.session.commit()
    page = client.get(f"/schools/{world.school_a}/surveys/{window_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page


def test_a_closed_window_refuses_answers(app, client, world):
    throttle.forget_all()
    path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
    window_id = window_id_of(client, world.school_a)
    with app.app_context():
        window = db.session.get(SurveyWindow, window_id)
        window.opens_on -= timedelta(days=30)
        window.closes_on = window.opens_on + timedelta(days=1)
        db.session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410
    assert "This survey closed on" in response.get_data(as_text=True)


def test_a_window_closed_after_its_link_was_answered_refuses_the_next_answer(app, client, world):
    """The answer page keeps a link once answered (its audience and window never change), but not its dates: a
    window closed early refuses the next answer at once, with the closed message, and writes nothing."""
    throttle.forget_all()
    path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
    window_id = window_id_of(client, world.school_a)
    assert answer(app, path)[1].status_code == 303
    device = app.test_client()
    page = device.get(path)
    with app.app_context():
        window = db.session.get(SurveyWindow, window_id)
        window.opens_on -= timedelta(days=30)
        window.closes_on = window.opens_on + timedelta(days=1)
        db.session.commit()
    data = {"csrf_token": csrf_token(page.get_data(as_text=True)), "q_know_rules": "3"}
    response = device.post(path, data=data)
    assert response.status_code == 410
    assert "This survey closed on" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def test_an_unknown_link_is_not_found(app, world):
    response = app.test_client().get("/s/not-a-token")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_staff_may_not_open_a_survey(app, client, world):
    from tests.builders import sign_in

    sign_in(client, world.emails["school_staff_a"])
    page = client.get(f"/schools/{world.school_a}/surveys")
    assert page.status_code == 200 and "Open the survey" not in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    assert client.post(f"/schools/{world.school_a}/surveys", data={"csrf_token": token}).status_code == 403
