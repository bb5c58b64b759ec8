"""Opening a survey window and reading a school's windows."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accreditation.access import can_administer_school
from accreditation.extensions import db
from accreditation.i18n import supported_locales
from accreditation.models import School, SurveyAudience, SurveyWindow, User
from accreditation.surveys.errors import SurveyError, SurveyNotFound
from accreditation.surveys.instruments import instrument_of

LONGEST_WINDOW_DAYS = 92


def today() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class AnswerTarget:
    """What taking an answer needs of an audience's link and its window, read as one row (no ORM objects): the
    answer page's POST reads only this."""

    audience_id: int
    audience: str
    window_id: int
    programme: str
    instrument_version: int
    opens_on: date
    closes_on: date
    languages: str

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


def is_open(window: SurveyWindow | AnswerTarget, on: date | None = None) -> bool:
    on = on or today()
    return window.opens_on <= on <= window.closes_on


def has_closed(window: SurveyWindow | AnswerTarget, on: date | None = None) -> bool:
    return (on or today()) > window.closes_on


def open_window(
    actor: User,
    school: School,
    programme: str,
    opens_on: date,
    closes_on: date,
    audiences: list[str],
    languages: list[str],
) -> SurveyWindow:
    """A new window of ``school``'s survey for ``programme``, with a link per audience; refused with a reason
    (SurveyError) unless the actor is the school's admin and the dates, audiences and languages make sense."""
    if not can_administer_school(actor, school):
        raise SurveyError(_("Only the school's administrators can open a survey."))
    instrument = instrument_of(programme)
    if instrument is None:
        raise SurveyError(_("This programme has no survey."))
    if closes_on < opens_on:
        raise SurveyError(_("The survey must close on or after the day it opens."))
    if closes_on < today():
        raise SurveyError(_("The closing day has already passed."))
    if (closes_on - opens_on).days > LONGEST_WINDOW_DAYS:
        raise SurveyError(_("A survey stays open for at most %(days)s days.", days=LONGEST_WINDOW_DAYS))
    chosen = [a for a in instrument.audiences if a in set(audiences)]
    if not chosen or len(chosen) != len(set(audiences)):
        raise SurveyError(_("Choose at least one group of people to ask."))
    offered = [code for code in supported_locales() if code in set(languages)]
    if not offered or len(offered) != len(set(languages)):
        raise SurveyError(_("Choose at least one language of the survey."))
    window = SurveyWindow(
        school_id=school.id,
        programme=programme,
        instrument_version=instrument.version,
        opens_on=opens_on,
        closes_on=closes_on,
        languages=",".join(offered),
        created_by_id=actor.id,
    )
    window.audiences = [SurveyAudience(audience=a, token=secrets.token_urlsafe(9), responses=0) for a in chosen]
    db.session.add(window)
    db.session.flush()
    return window


def windows_of(school: School) -> list[SurveyWindow]:
    """The school's windows, the latest first."""
    query = select(SurveyWindow).where(SurveyWindow.school_id == school.id)
    return list(db.session.scalars(query.order_by(SurveyWindow.opens_on.desc(), SurveyWindow.id.desc())))


def window_of(school: School, window_id: int) -> SurveyWindow:
    window = db.session.get(SurveyWindow, window_id)
    if window is None or window.school_id != school.id:
        raise SurveyNotFound(_("There is no such survey."))
    return window


def audience_by_token(token: str) -> SurveyAudience:
    """The audience whose link holds ``token`` (SurveyNotFound otherwise)."""
    query = select(SurveyAudience).options(joinedload(SurveyAudience.window)).where(SurveyAudience.token == token[:32])
    found = db.session.scalar(query)
    if found is None:
        raise SurveyNotFound(_("This survey link is not valid. Check the address on the poster."))
    return found


def answer_target(token: str) -> AnswerTarget:
    """The link holding ``token`` with its window, as the answer's POST needs them (SurveyNotFound otherwise)."""
    query = (
        select(
            SurveyAudience.id,
            SurveyAudience.audience,
            SurveyWindow.id,
            SurveyWindow.programme,
            SurveyWindow.instrument_version,
            SurveyWindow.opens_on,
            SurveyWindow.closes_on,
            SurveyWindow.languages,
        )
        .join(SurveyWindow, SurveyWindow.id == SurveyAudience.window_id)
        .where(SurveyAudience.token == token[:32])
    )
    row = db.session.execute(query).first()
    if row is None:
        raise SurveyNotFound(_("This survey link is not valid. Check the address on the poster."))
    return AnswerTarget(*row)


def cached_answer_target(token: str) -> AnswerTarget:
    """``answer_target``, kept per process after the first read: a link's audience, window, programme, instrument
    version and languages never change. Its dates may (a window closed early): the answer's write checks them again,
    and a refused answer reads the window afresh for its reason."""
    links = current_app.extensions.setdefault("survey_answer_targets", {})
    key = token[:32]
    found = links.get(key)
    if found is None:
        found = answer_target(key)
        if len(links) >= 10_000:
            links.clear()
        links[key] = found
    return found


def default_window_dates() -> tuple[date, date]:
    start = today()
    return start, start + timedelta(days=14)
