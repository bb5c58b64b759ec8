"""Staff invited by e-mail from the members list: a school admin picks members on the page, and a real worker
mails each the window's staff link exactly once, in their language (when the survey offers it)."""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from accreditation import create_app
from accreditation.broker_options import transport_options
from accreditation.extensions import db
from accreditation.models import Delivery
from accreditation.surveys.invitations import STAFF_SURVEY_INVITATION
from tests.applications.builders import person
from tests.builders import csrf_token
from tests.surveys.helpers import open_window, window_id_of
from tests.tasks.worker import running_worker, wait_for, worker_log


@pytest.fixture
def own_app(app, tmp_path) -> Iterator[Flask]:
    """The application on the same database, publishing to an embedded broker of this test's own: the default one
    sits in the project's instance folder, shared by the PostgreSQL and SQLite runs side by side and holding the
    tasks earlier tests left there, so the worker started here could miss the invitations' task (another run's worker
    takes it) or fail to open that file (as tests/ops/conftest.py's ``app_on_own_broker``)."""
    broker = f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    celery = {**app.config["CELERY"], "broker_url": broker, "broker_transport_options": transport_options(broker, 1.0)}
    keep = ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "UPLOAD_FOLDER", "MAIL_OUTBOX_DIR", "SERVER_NAME", "BASE_URL")
    own = create_app({**{name: app.config[name] for name in keep}, "MAIL_SERVER": "", "CELERY": celery})
    try:
        yield own
    finally:
        with own.app_context():
            db.session.remove()
            db.engine.dispose()
        app.extensions["celery"].set_default()


def _ids(app, world) -> tuple[int, int]:
    with app.app_context():
        staff = person(world.emails["school_staff_a"])
        staff.language = "ru"
        head_id, staff_id = person(world.emails["school_admin_a"]).id, staff.id
        db.session.commit()
        db.session.remove()
    return head_id, staff_id


def _invite(client, school_id: int, window_id: int, members: list[int]):
    page = client.get(f"/schools/{school_id}/surveys/{window_id}/staff")
    assert page.status_code == 200
    return client.post(
        f"/schools/{school_id}/surveys/{window_id}/staff",
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "members": [str(m) for m in members]},
        follow_redirects=True,
    )


def _sent(app) -> int:
    with app.app_context():
        count = db.session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.kind == STAFF_SURVEY_INVITATION, Delivery.sent_at.is_not(None))
        )
        db.session.remove()
    return count


def test_members_picked_on_the_page_are_each_mailed_the_staff_link_once_in_their_language(
    own_app, world, database_url, tmp_path
):
    app, client = own_app, own_app.test_client()
    head_id, staff_id = _ids(app, world)
    links = open_window(client, world.school_a, world.emails["school_admin_a"], audiences=("pupils_12_14", "staff"))
    window_id = window_id_of(client, world.school_a)
    window_page = client.get(f"/schools/{world.school_a}/surveys/{window_id}").get_data(as_text=True)
    assert "Invite staff by e-mail" in window_page

    sent = _invite(client, world.school_a, window_id, [staff_id, head_id])
    assert "2 invitations are on their way." in sent.get_data(as_text=True)
    again = _invite(client, world.school_a, window_id, [staff_id])  # a second click, or a second admin
    page = again.get_data(as_text=True)
    assert "nobody was e-mailed again" in page
    assert len(re.findall(r"<li>", page.split("<h2>Already invited</h2>")[1])) == 2
    assert 'name="members"' not in page  # everyone is invited: no box left to tick
    with app.app_context():
        other = person(world.emails["school_admin_b"]).id
        db.session.remove()
    refused = _invite(client, world.school_a, window_id, [other])
    assert refused.status_code == 422 and "Only members of the school can be invited." in refused.get_data(as_text=True)

    broker = app.extensions["celery"].conf.broker_url
    with running_worker(tmp_path, database_url, broker, "", log_name="worker.log"):
        assert wait_for(lambda: _sent(app) == 2, timeout=120), worker_log(tmp_path)
    messages = [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(Path(tmp_path / "mail").glob("*.eml"))
    ]
    by_person = {m["To"]: m for m in messages}
    assert len(messages) == 2 and set(by_person) == {world.emails["school_admin_a"], world.emails["school_staff_a"]}
    token = links["staff"].removeprefix("/s/")
    to_staff = by_person[world.emails["school_staff_a"]]
    assert to_staff["Content-Language"] == "ru"  # the member's language, offered by the window (en, ru)
    assert f"/s/{token}?lang=ru" in to_staff.get_body(("plain",)).get_content()
    to_head = by_person[world.emails["school_admin_a"]]
    assert to_head["Content-Language"] == "en"  # the school's Romanian is not offered: the window's first language
    assert f"/s/{token}?lang=en" in to_head.get_body(("plain",)).get_content()
    assert "Liceul Teoretic A" in to_head["Subject"]


def test_a_window_without_staff_or_closed_takes_no_invitation(app, client, world):
    open_window(client, world.school_a, world.emails["school_admin_a"], audiences=("parents",))
    window_id = window_id_of(client, world.school_a)
    assert client.get(f"/schools/{world.school_a}/surveys/{window_id}/staff").status_code == 422
    assert "Invite staff by e-mail" not in client.get(f"/schools/{world.school_a}/surveys/{window_id}").get_data(
        as_text=True
    )
    page = client.get(f"/schools/{world.school_a}/surveys/{window_id}").get_data(as_text=True)
    closed = client.post(
        f"/schools/{world.school_a}/surveys/{window_id}/close",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "The survey is closed" in closed.get_data(as_text=True)
    assert "Close the survey now" not in closed.get_data(as_text=True)
