"""Abuse: a flood from one address is slowed while a classroom of 30 behind one address gets through; the poster
is a one-page A4 PDF whose QR code holds the link."""

from __future__ import annotations

import pypdfium2
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import SurveyResponse
from accreditation.surveys import throttle
from tests.surveys.helpers import open_window, window_id_of

SCHOOL_NETWORK = {"REMOTE_ADDR": "198.51.100.20"}
ELSEWHERE = {"REMOTE_ADDR": "192.0.2.99"}


def _send(app, path, environ):
    from tests.builders import csrf_token

    device = app.test_client()
    device.environ_base.update(environ)
    token = csrf_token(device.get(path).get_data(as_text=True))
    return device.post(path, data={"csrf_token": token, "q_know_rules": "3"})


def test_a_classroom_behind_one_address_gets_through_and_a_flood_is_slowed(app, client, world):
    throttle.forget_all()
    path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
    classroom = [_send(app, path, SCHOOL_NETWORK) for _ in range(30)]
    assert [r.status_code for r in classroom] == [303] * 30
    flood = [_send(app, path, SCHOOL_NETWORK) for _ in range(40)]
    codes = [r.status_code for r in flood]
    assert codes.count(303) == 15 and codes[15:] == [429] * 25  # 45 an address in ten minutes, then slowed
    refused = flood[-1].get_data(as_text=True)
    assert "Wait a minute, then send your answers again" in refused
    assert 'value="3" checked' in refused  # the answers are kept on the form, nothing to type again
    assert _send(app, path, ELSEWHERE).status_code == 303  # other respondents are not blocked by the flood
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 46


def test_the_window_limit_stops_a_flood_from_many_addresses(app, client, world):
    throttle.forget_all()
    before = app.config["SURVEY_MAX_PER_MINUTE"]
    app.config["SURVEY_MAX_PER_MINUTE"] = 20
    try:
        path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
        codes = [_send(app, path, {"REMOTE_ADDR": f"203.0.113.{i}"}).status_code for i in range(25)]
    finally:
        app.config["SURVEY_MAX_PER_MINUTE"] = before
    assert codes[:20] == [303] * 20 and codes[20:] == [429] * 5


def test_the_poster_is_one_a4_page_with_the_link(app, client, world):
    throttle.forget_all()
    path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
    window_id = window_id_of(client, world.school_a)
    response = client.get(f"/schools/{world.school_a}/surveys/{window_id}/poster/pupils_12_14.pdf?lang=ru")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    document = pypdfium2.PdfDocument(response.data)
    assert len(document) == 1 and [round(x) for x in document[0].get_size()] == [595, 842]  # A4
    text = document[0].get_textpage().get_text_range()
    # the link may wrap after a hyphen of its random token (PDFium may give a line-end hyphen as \x02): compare it
    # with the line breaks taken out
    assert f"http://localhost{path}" in "".join(text.replace("\x02", "-").split())
    assert "Liceul Teoretic A" in text
    other = app.test_client()
    from tests.builders import sign_in

    sign_in(other, world.emails["school_admin_b"])
    assert other.get(f"/schools/{world.school_a}/surveys/{window_id}/poster/pupils_12_14.pdf").status_code == 403
    assert client.get(f"/schools/{world.school_a}/surveys/{window_id}/poster/parents.pdf").status_code == 404
