"""Site visits: when and where, kept one row per (re)scheduling, and the calendar file (RFC 5545) both sides
download. The UID stays the same for an application's visit; SEQUENCE counts the reschedulings, so calendar
programs replace the event instead of adding a second one.

A visit is cancelled when the application leaves the visit's states before the visit begins (changes requested,
a rejection, a withdrawal, a decision made without it): the transition record says so, no column is needed. Its
calendar file is then a METHOD:CANCEL with STATUS:CANCELLED one SEQUENCE higher, so calendars remove the event; a
visit scheduled again later keeps the UID and comes after that cancellation's SEQUENCE."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.applications.runtime import current_workflows
from accreditation.applications.writes import WrittenRecord
from accreditation.extensions import db
from accreditation.models import Application, SiteVisit, TransitionRecord, User
from accreditation.review.errors import ReviewError
from accreditation.review.permissions import moderation_states
from workflows import Programme

MIN_MINUTES, MAX_MINUTES = 30, 12 * 60
MAX_PLACE_CHARS = 500
PRODUCT_ID = "-//Safe School Accreditation//Site visits//EN"
LINE_OCTETS = 75


@dataclass(frozen=True)
class VisitInput:
    """A visit as a person gives it: the day and time in their own time zone, how long, where."""

    day: date | None
    at: time | None
    minutes: int | None
    place: str
    timezone: str = "UTC"


@dataclass(frozen=True)
class VisitTimes:
    starts_at: datetime  # UTC
    ends_at: datetime
    local_day: date


def visit_times(given: VisitInput) -> VisitTimes:
    """The visit's start and end in UTC, from a day and time in ``given.timezone``; ReviewError for bad input."""
    if given.day is None:
        raise ReviewError(_("Please give the date of the visit."))
    if given.at is None:
        raise ReviewError(_("Please give the time the visit starts."))
    if given.minutes is None or not MIN_MINUTES <= given.minutes <= MAX_MINUTES:
        raise ReviewError(
            _(
                "Please give how long the visit lasts: from %(low)s minutes to %(high)s hours.",
                low=MIN_MINUTES,
                high=MAX_MINUTES // 60,
            )
        )
    if not (given.place or "").strip():
        raise ReviewError(_("Please say where the visit takes place."))
    if len(given.place) > MAX_PLACE_CHARS:
        raise ReviewError(_("Please keep the place under %(count)s characters.", count=MAX_PLACE_CHARS))
    try:
        zone = ZoneInfo(given.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    starts = datetime.combine(given.day, given.at, tzinfo=zone).astimezone(UTC)
    return VisitTimes(starts, starts + timedelta(minutes=given.minutes), given.day)


def current_visit(application_id: int) -> SiteVisit | None:
    """The visit as it stands: its latest scheduling."""
    return db.session.scalar(
        select(SiteVisit).where(SiteVisit.application_id == application_id).order_by(SiteVisit.sequence.desc()).limit(1)
    )


def visit_states(programme: Programme) -> frozenset[str]:
    """The states in which a scheduled visit stands: those a visit decision (an event that requires a date)
    enters, and the moderation states (a proposal made after the visit, which a moderator may send back)."""
    entered = {event.dest for event in programme.events.values() if "date" in event.requires}
    return frozenset(entered) | moderation_states(programme)


def cancelled_at(visit: SiteVisit, programme: Programme) -> datetime | None:
    """When the visit was cancelled: the first change after its scheduling that left the visit's states, if it
    came before the visit began (None: the visit stands, or took place)."""
    left = db.session.scalar(
        select(TransitionRecord)
        .where(
            TransitionRecord.application_id == visit.application_id,
            TransitionRecord.version > visit.record_version,
            TransitionRecord.to_state.not_in(sorted(visit_states(programme))),
        )
        .order_by(TransitionRecord.version)
        .limit(1)
    )
    return left.at if left is not None and left.at < visit.starts_at else None


@dataclass(frozen=True)
class VisitStanding:
    """A visit as it stands: its latest scheduling, and when it was cancelled (None: it stands)."""

    visit: SiteVisit
    cancelled_at: datetime | None = None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def sequence(self) -> int:
        """The calendar file's SEQUENCE: a cancellation is one more change of the event."""
        return self.visit.sequence + (1 if self.cancelled else 0)

    @property
    def starts_at(self) -> datetime:
        return self.visit.starts_at

    @property
    def place(self) -> str:
        return self.visit.place


def visit_standing(application: Application, programme: Programme | None = None) -> VisitStanding | None:
    """The application's visit as it stands (None: never scheduled)."""
    visit = current_visit(application.id)
    if visit is None:
        return None
    programme = programme or current_workflows().programme(application.programme_code)
    return VisitStanding(visit, cancelled_at(visit, programme))


def record_visit(
    application: Application, record: WrittenRecord, times: VisitTimes, place: str, note: str, actor: User
) -> SiteVisit:
    """Add the visit's next scheduling (the first gets a new UID; later ones keep it, one SEQUENCE higher, and
    past the SEQUENCE of the cancellation when the previous visit was cancelled)."""
    previous = visit_standing(application)
    visit = SiteVisit(
        application_id=application.id,
        uid=previous.visit.uid if previous is not None else _new_uid(application.id),
        sequence=previous.sequence + 1 if previous is not None else 0,
        starts_at=times.starts_at,
        ends_at=times.ends_at,
        place=place.strip(),
        note=note.strip(),
        record_version=record.version,
        scheduled_at=record.at,
        scheduled_by_id=actor.id,
    )
    db.session.add(visit)
    db.session.flush()
    return visit


def _new_uid(application_id: int) -> str:
    host = urlsplit(current_app.config.get("BASE_URL", "")).hostname or "localhost"
    return f"site-visit-{application_id}-{secrets.token_hex(8)}@{host}"


# --- the calendar file ---------------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """One content line folded at 75 octets (never inside a UTF-8 character), continuation lines start with a
    space."""
    encoded = line.encode()
    if len(encoded) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    limit = LINE_OCTETS
    for character in line:
        if len((current + character).encode()) > limit:
            parts.append(current)
            current = ""
            limit = LINE_OCTETS - 1  # the leading space of a continuation line counts
        current += character
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _organizer() -> str:
    """The ORGANIZER property (required by iTIP for PUBLISH and CANCEL): the system's sender address."""
    name, address = parseaddr(current_app.config.get("MAIL_FROM", ""))
    address = address or "no-reply@localhost"
    name = name.replace('"', "")
    return f'ORGANIZER;CN="{name}":mailto:{address}' if name else f"ORGANIZER:mailto:{address}"


def calendar_method(cancelled_at: datetime | None) -> str:
    return "CANCEL" if cancelled_at is not None else "PUBLISH"


def calendar_file(
    visit: SiteVisit, school_name: str, programme_name: str, url: str, cancelled_at: datetime | None = None
) -> str:
    """The visit as an iCalendar file (one VEVENT), with CRLF line endings; a cancelled visit (``cancelled_at``)
    as its cancellation, one SEQUENCE higher."""
    summary = _("Site visit: %(school)s (%(programme)s)", school=school_name, programme=programme_name)
    description = "\n".join(part for part in (visit.note, url) if part)
    cancelled = cancelled_at is not None
    if cancelled:
        summary = _("Cancelled: %(summary)s", summary=summary)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{calendar_method(cancelled_at)}",
        "BEGIN:VEVENT",
        f"UID:{visit.uid}",
        f"SEQUENCE:{visit.sequence + 1 if cancelled else visit.sequence}",
        f"DTSTAMP:{_utc(cancelled_at if cancelled else visit.scheduled_at)}",
        _organizer(),
        f"DTSTART:{_utc(visit.starts_at)}",
        f"DTEND:{_utc(visit.ends_at)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(visit.place)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)
