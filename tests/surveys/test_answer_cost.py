"""What one answer costs the database: on PostgreSQL the link's read (once per process) and one write statement
(the response, the audience's count and the per-question counts together, or nothing when refused); no savepoint."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select, text

from accreditation.extensions import db
from accreditation.models import SurveyAudience, SurveyCount
from tests.builders import csrf_token
from tests.surveys.helpers import ANSWERS, open_window


@contextmanager
def recorded(app):
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
        statements.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _post(app, path: str, device, token: str = ""):
    token = token or csrf_token(device.get(path).get_data(as_text=True))
    data = {"csrf_token": token}
    data.update({f"q_{code}": str(value) for code, value in ANSWERS.items()})
    with recorded(app) as statements:
        response = device.post(path, data=data)
    return response, statements, token


def test_an_answer_is_one_read_and_one_write_and_a_repeat_writes_nothing(app, client, world):
    path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
    device = app.test_client()
    response, statements, token = _post(app, path, device)
    assert response.status_code == 303
    assert "SAVEPOINT" not in statements
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
    if postgresql:
        assert statements == ["SELECT", "WITH"], statements
    again, statements, _ = _post(app, path, device, token)  # the same device sends its form again
    assert again.status_code == 409 and "already answered" in again.get_data(as_text=True)
    assert "SAVEPOINT" not in statements
    other, statements, _ = _post(app, path, app.test_client())
    assert other.status_code == 303
    if postgresql:  # the link is kept by the process after its first answer: the write alone
        assert statements == ["WITH"], statements
    with app.app_context():
        audience = db.session.scalar(select(SurveyAudience).where(SurveyAudience.audience == "pupils_12_14"))
        assert audience.responses == 2
        counts = {c.question: (c.answers, c.total) for c in db.session.scalars(select(SurveyCount))}
        assert counts == {code: (2, 2 * value) for code, value in ANSWERS.items()}
        db.session.remove()


def test_an_answers_commit_waits_for_the_disk_unless_configured_not_to(app, client, world):
    """On PostgreSQL the answer's statement sets its transaction's synchronous_commit: on by default, off when
    ``SURVEY_SYNCHRONOUS_COMMIT`` is switched off."""
    from accreditation.surveys.answering import submit
    from accreditation.surveys.windows import answer_target

    path = open_window(client, world.school_a, world.emails["school_admin_a"])["pupils_12_14"]
    token = path.rsplit("/", 1)[1]
    for number, (durable, expected) in enumerate(((True, "on"), (False, "off"))):
        if number:
            app.config["SURVEY_SYNCHRONOUS_COMMIT"] = durable
        with app.test_request_context(path, method="POST"):
            if db.engine.dialect.name != "postgresql":
                return
            submit(answer_target(token), f"device-{number}", dict(ANSWERS), "192.0.2.1")
            assert db.session.scalar(text("SHOW synchronous_commit")) == expected
            db.session.rollback()
