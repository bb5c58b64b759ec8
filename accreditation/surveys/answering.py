"""Taking one anonymous answer: once per device and window, within the limits, counted on arrival."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from accreditation.extensions import db
from accreditation.i18n import local_day
from accreditation.models import SurveyAudience, SurveyComment, SurveyCount, SurveyResponse, SurveyWindow
from accreditation.models.time import utcnow
from accreditation.surveys import throttle
from accreditation.surveys.errors import AlreadyAnswered, SurveyClosed, SurveyError, TooManyAnswers
from accreditation.surveys.instruments import instrument_of
from accreditation.surveys.windows import AnswerTarget, has_closed, is_open, today
from workflows.surveys import Instrument

LONGEST_COMMENT = 1000
_CLASS_CODE = re.compile(r"^[\w\- ]{1,16}$")


def device_digest(window_id: int, cookie: str) -> str:
    """What is stored of a device: a digest of its random cookie and the window (the cookie itself never is)."""
    return hashlib.sha256(f"{window_id}:{cookie}".encode()).hexdigest()


def has_answered(window_id: int, cookie: str) -> bool:
    """Whether the device holding ``cookie`` has answered the window."""
    if not cookie:
        return False
    query = select(SurveyResponse.id).where(
        SurveyResponse.window_id == window_id, SurveyResponse.device == device_digest(window_id, cookie)
    )
    return db.session.scalar(query) is not None


def instrument_for(window: SurveyWindow | AnswerTarget) -> Instrument:
    instrument = instrument_of(window.programme, window.instrument_version)
    if instrument is None:  # a version removed from the files: the window can no longer be answered
        raise SurveyClosed(_("This survey is closed."))
    return instrument


def check_open(window: SurveyWindow | AnswerTarget) -> None:
    if has_closed(window):
        raise SurveyClosed(
            _("This survey closed on %(day)s. Thank you for your interest.", day=local_day(window.closes_on))
        )
    if not is_open(window):
        raise SurveyClosed(_("This survey opens on %(day)s. Come back then.", day=local_day(window.opens_on)))


def submit(
    target: AnswerTarget,
    cookie: str,
    answers: Mapping[str, int],
    address: str | None,
    class_code: str = "",
    comment: str = "",
) -> int:
    """Record one response from the device holding ``cookie`` to the link ``target`` (its id); refused with the reason
    (SurveyError)."""
    check_open(target)
    instrument = instrument_for(target)
    questions = {q.code for q in instrument.questions_for(target.audience)}
    values = set(instrument.values)
    chosen = {code: value for code, value in answers.items() if code in questions and value in values}
    if len(chosen) != len(answers):
        raise SurveyError(_("One of the answers is not one of the choices offered."))
    if not chosen:
        raise SurveyError(_("Answer at least one question before sending."))
    class_code = class_code.strip()
    if class_code and not _CLASS_CODE.match(class_code):
        raise SurveyError(_("A class code has at most 16 letters, digits, spaces or hyphens."))
    comment = comment.strip() if instrument.free_text else ""
    if len(comment) > LONGEST_COMMENT:
        raise SurveyError(_("Write at most %(count)s characters.", count=LONGEST_COMMENT))
    if not cookie:
        raise SurveyError(
            _("Your browser did not keep the survey's cookie. Allow cookies for this site and try again.")
        )
    if not throttle.address_allows(target.window_id, address):
        raise TooManyAnswers(_("Many answers are arriving right now. Wait a minute, then send your answers again."))
    device = device_digest(target.window_id, cookie)
    if db.session.get_bind().dialect.name == "postgresql":
        inserted = _record_in_one_statement(target, device, class_code, chosen)
    else:
        inserted = _record(target, device, class_code, chosen)
    if inserted is None:
        window = db.session.get(SurveyWindow, target.window_id)  # afresh: the target may be a kept one
        if window is None:
            raise SurveyClosed(_("This survey is closed."))
        check_open(window)
        if has_answered(target.window_id, cookie):
            raise AlreadyAnswered(_("You have already answered this survey on this device. Thank you!"))
        raise TooManyAnswers(_("Many answers are arriving right now. Wait a minute, then send your answers again."))
    if comment:
        db.session.add(SurveyComment(window_id=target.window_id, audience=target.audience, text=comment))
    throttle.count_answer(target.window_id, address)
    return inserted


# On PostgreSQL an answer is written by one statement (one round trip): the response, unless the device answered
# already (the unique key), the window is not open today or took its limit of answers in the last minute; then,
# only when it was written, the audience's count of responses and the per-question counts. Nothing is written when
# it is refused, so the caller needs no savepoint.
# The same statement sets the transaction's synchronous_commit from ``SURVEY_SYNCHRONOUS_COMMIT`` (on by default:
# an answer the respondent was thanked for is on disk). An operator may switch it off: the commit then returns
# without waiting for the WAL's flush (2 to 7 ms on a busy disk), and a crash of the database server can lose the
# answers of its last moments (at most three times wal_writer_delay, 0.6 s by default), each whole, never half of
# one (PostgreSQL's "Asynchronous Commit"). The benchmark meets its target with the default.
_ONE_ANSWER = text(
    """
WITH recent AS (
    SELECT count(*) AS answers, set_config('synchronous_commit', :synchronous_commit, true) AS commit_mode
    FROM survey_responses WHERE window_id = :window_id AND submitted_at > :since
), response AS (
    INSERT INTO survey_responses (window_id, audience, device, class_code, submitted_at)
    SELECT :window_id, :audience, :device, :class_code, :now FROM recent WHERE recent.answers < :most
    AND EXISTS (SELECT 1 FROM survey_windows WHERE id = :window_id AND opens_on <= :today AND closes_on >= :today)
    ON CONFLICT (window_id, device) DO NOTHING
    RETURNING id
), audience_counted AS (
    UPDATE survey_audiences SET responses = responses + 1
    WHERE id = :audience_id AND EXISTS (SELECT 1 FROM response)
), questions_counted AS (
    INSERT INTO survey_counts (window_id, audience, question, answers, total)
    SELECT :window_id, :audience, given.question, 1, given.value
    FROM unnest(CAST(:questions AS varchar[]), CAST(:values AS integer[])) AS given(question, value)
    WHERE EXISTS (SELECT 1 FROM response)
    ON CONFLICT (window_id, audience, question)
    DO UPDATE SET answers = survey_counts.answers + 1, total = survey_counts.total + excluded.total
)
SELECT id FROM response
"""
)


def _record_in_one_statement(
    target: AnswerTarget, device: str, class_code: str, chosen: Mapping[str, int]
) -> int | None:
    most, since = throttle.window_limit()
    questions = sorted(chosen)
    # On the session's connection (in its transaction): a plain statement needs none of the ORM's execution.
    return (
        db.session.connection()
        .execute(
            _ONE_ANSWER,
            {
                "window_id": target.window_id,
                "audience": target.audience,
                "audience_id": target.audience_id,
                "device": device,
                "class_code": class_code or None,
                "now": utcnow(),
                "today": today(),
                "since": since,
                "most": most,
                "questions": questions,
                "values": [chosen[q] for q in questions],
                "synchronous_commit": "on" if current_app.config.get("SURVEY_SYNCHRONOUS_COMMIT") else "off",
            },
        )
        .scalar()
    )


def _record(target: AnswerTarget, device: str, class_code: str, chosen: Mapping[str, int]) -> int | None:
    """The same as ``_ONE_ANSWER`` in several statements (SQLite)."""
    window = db.session.get(SurveyWindow, target.window_id)
    if window is None or not is_open(window) or not throttle.window_allows(target.window_id):
        return None
    row = {"window_id": target.window_id, "audience": target.audience, "device": device}
    inserted = db.session.execute(
        _insert()(SurveyResponse)
        .values(**row, class_code=class_code or None, submitted_at=utcnow())
        .on_conflict_do_nothing(index_elements=["window_id", "device"])
        .returning(SurveyResponse.id)
    ).scalar()
    if inserted is not None:
        db.session.execute(
            update(SurveyAudience)
            .where(SurveyAudience.id == target.audience_id)
            .values(responses=SurveyAudience.responses + 1)
        )
        _add_counts(target.window_id, target.audience, chosen)
    return inserted


def _insert():
    return pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _add_counts(window_id: int, audience: str, chosen: Mapping[str, int]) -> None:
    """One upsert adding one answer and its value to each question answered: the results never read the
    responses themselves."""
    insert = _insert()
    rows = [
        {"window_id": window_id, "audience": audience, "question": q, "answers": 1, "total": v}
        for q, v in sorted(chosen.items())
    ]
    statement = insert(SurveyCount).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["window_id", "audience", "question"],
        set_={"answers": SurveyCount.answers + 1, "total": SurveyCount.total + statement.excluded.total},
    )
    db.session.execute(statement)
