"""Site visits and their calendar file (stable UID, SEQUENCE bumped on a move, UTC times, escaping and folding),
who may download it, and the assessor's queue with its due dates, filters and overdue marks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import update

from accreditation.extensions import db
from accreditation.models import Application, SiteVisit
from accreditation.models.time import utcnow
from accreditation.review import decisions
from accreditation.review.queue import QueueFilters, queue_for
from accreditation.review.visits import VisitInput, _fold, calendar_file
from tests.applications.builders import application, assign, fire_as, person, start
from tests.applications.web import signed_in
from tests.review.builders import (
    COORDINATOR,
    LEAD,
    MODERATOR,
    add_second_assessor,
    judge_all,
    under_review,
    version,
)


def _lines(ics: str) -> list[str]:
    assert "\n" not in ics.replace("\r\n", "")  # CRLF only
    return ics.replace("\r\n ", "").split("\r\n")  # unfolded


def _schedule(application_id: int, day: date, place: str = "Main building, room 12", **values) -> SiteVisit:
    given = VisitInput(day, values.get("at", time(9, 30)), values.get("minutes", 180), place, values.get("zone", "UTC"))
    _record, visit = decisions.schedule_visit(
        application_id, person(values.get("by", LEAD)), given, values.get("comment", ""), version(application_id)
    )
    db.session.commit()
    return visit


def test_the_calendar_file_keeps_its_uid_and_bumps_its_sequence_when_the_visit_moves(ctx, world):
    application_id = under_review(world, "ciss")
    judge_all(application_id)
    day = date.today() + timedelta(days=10)
    first = _schedule(application_id, day, zone="Europe/Chisinau")
    moved = _schedule(
        application_id, day + timedelta(days=2), "Gym; ground floor, east", by=COORDINATOR, comment="Exams that day."
    )
    assert (first.sequence, moved.sequence, moved.uid) == (0, 1, first.uid)
    assert application(application_id).deadline == day + timedelta(days=2)
    ics = calendar_file(moved, "Liceul Teoretic A", "Certified Safe Internet School", "http://localhost/applications/1")
    lines = _lines(ics)
    assert lines[:6] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Safe School Accreditation//Site visits//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
    ]
    assert f"UID:{first.uid}" in lines and "SEQUENCE:1" in lines
    start = datetime.combine(day + timedelta(days=2), time(9, 30), tzinfo=UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in lines
    assert f"DTEND:{start + timedelta(hours=3):%Y%m%dT%H%M%SZ}" in lines
    assert "LOCATION:Gym\\; ground floor\\, east" in lines
    assert "DESCRIPTION:Exams that day.\\nhttp://localhost/applications/1" in lines
    assert "SUMMARY:Site visit: Liceul Teoretic A (Certified Safe Internet School)" in lines
    assert lines[-2:] == ["END:VCALENDAR", ""]
    # the first scheduling was in Chișinău's time: 09:30 there is 06:30 or 07:30 UTC
    assert first.starts_at.hour in (6, 7) and first.starts_at.minute == 30


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    line = "LOCATION:" + "Școala Gimnazială „Ștefan cel Mare” " * 4
    folded = _fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(part[1:] if index else part for index, part in enumerate(parts)) == line


def test_the_school_the_assessors_and_the_coordinator_download_the_calendar_file_others_may_not(app, world):
    with app.app_context():
        application_id = under_review(world, "ciss")
        judge_all(application_id)
        add_second_assessor()
        assign(application_id, MODERATOR, role="moderator")
        _schedule(application_id, date.today() + timedelta(days=7))
    for email in ("head.a@example.org", "staff.a@example.org", LEAD, MODERATOR, COORDINATOR):
        response = signed_in(app, email).get(f"/applications/{application_id}/visit.ics")
        assert response.status_code == 200, email
        assert response.headers["Content-Type"].startswith("text/calendar")
        assert "attachment" in response.headers["Content-Disposition"]
        assert "SEQUENCE:0" in response.get_data(as_text=True)
    for email in ("head.b@example.org", "coord.ua@example.org"):
        assert signed_in(app, email).get(f"/applications/{application_id}/visit.ics").status_code == 403, email


def test_a_visit_date_in_the_past_over_http_says_so_and_changes_nothing(app, world):
    with app.app_context():
        application_id = under_review(world, "ciss")
        judge_all(application_id)
        seen = version(application_id)
    client = signed_in(app, LEAD)
    html = client.get(f"/applications/{application_id}/review/decision").get_data(as_text=True)
    from tests.builders import csrf_token

    response = client.post(
        f"/applications/{application_id}/review/decision/visit",
        data={
            "csrf_token": csrf_token(html),
            "expected_version": seen,
            "day": (date.today() - timedelta(days=3)).isoformat(),
            "at": "10:00",
            "minutes": "120",
            "place": "School hall",
        },
    )
    assert response.status_code == 422
    assert "is not in the future; please choose a later date." in response.get_data(as_text=True)
    with app.app_context():
        assert (application(application_id).state, version(application_id)) == ("under_review", seen)
        assert db.session.query(SiteVisit).count() == 0


# --- the queue -----------------------------------------------------------------------------------------------------


def _put(application_id: int, **values) -> None:
    db.session.execute(update(Application).where(Application.id == application_id).values(**values))
    db.session.commit()


def test_the_queue_shows_the_assigned_applications_with_due_dates_from_the_timers(ctx, world):
    add_second_assessor()
    reviewing = start(world, "esafety-label")
    visiting = start(world, "ciss")
    other = start(world, "ciss", school="b")
    for application_id in (reviewing, visiting):
        assign(application_id, LEAD)
    assign(other, LEAD, by="coord.ua@example.org")
    assign(reviewing, MODERATOR, role="moderator")
    now = utcnow()
    _put(reviewing, state="under_review", state_entered_at=now - timedelta(days=20))  # remind assessor after 14
    _put(visiting, state="visit_scheduled", deadline=now.date() + timedelta(days=3))
    _put(other, state="submitted")
    rows = queue_for(person(LEAD), QueueFilters(), now.date())
    assert [(row.application.id, row.due, row.overdue, row.due_is_visit) for row in rows] == [
        (reviewing, (now - timedelta(days=6)).date(), True, False),
        (visiting, now.date() + timedelta(days=3), False, True),
        (other, None, False, False),
    ]
    assert [row.your_move for row in rows] == [True, True, True]  # the lead starts the review of `other` too
    [moderating] = queue_for(person(MODERATOR), QueueFilters(), now.date())
    assert (moderating.role, moderating.your_move) == ("moderator", False)  # nothing for the moderator yet
    assert [r.application.id for r in queue_for(person(LEAD), QueueFilters(programme="ciss"), now.date())] == [
        visiting,
        other,
    ]
    assert [r.application.id for r in queue_for(person(LEAD), QueueFilters(country="UA"), now.date())] == [other]
    assert [r.application.id for r in queue_for(person(LEAD), QueueFilters(state="under_review"), now.date())] == [
        reviewing
    ]


def test_the_queue_page_marks_what_is_overdue_and_filters(app, world):
    with app.app_context():
        application_id = start(world, "esafety-label")
        assign(application_id, LEAD)
        _put(application_id, state="under_review", state_entered_at=utcnow() - timedelta(days=30))
    client = signed_in(app, LEAD)
    html = client.get("/assessor/queue").get_data(as_text=True)
    assert f'id="application-{application_id}" class="row-overdue' in html
    assert "overdue since" in html
    assert 'href="/assessor/queue"' in html  # the nav link for assessors
    assert f'id="application-{application_id}"' not in client.get("/assessor/queue?programme=ciss").get_data(
        as_text=True
    )
    assert signed_in(app, "head.a@example.org").get("/assessor/queue").status_code == 403


# --- a visit moved or cancelled: the calendar file follows ---------------------------------------------------------


def _download(app, application_id: int, email: str = "head.a@example.org") -> tuple[str, list[str]]:
    response = signed_in(app, email).get(f"/applications/{application_id}/visit.ics")
    assert response.status_code == 200
    return response.headers["Content-Type"], _lines(response.get_data(as_text=True))


def _field(lines: list[str], name: str) -> str:
    [value] = [line.split(":", 1)[1] for line in lines if line.split(":", 1)[0].split(";")[0] == name]
    return value


def _state_of(lines: list[str]) -> tuple[str, str, str]:
    return _field(lines, "METHOD"), _field(lines, "SEQUENCE"), _field(lines, "STATUS")


def test_a_visit_moved_then_cancelled_then_scheduled_again_keeps_one_event_in_the_calendar(app, world):
    from tests.assessment.builders import HEAD_A
    from tests.review.builders import criteria, judge

    with app.app_context():
        application_id = under_review(world, "ciss")
        wanting = criteria(application_id)[0].code
        judge_all(application_id, except_={wanting: {"verdict": "insufficient", "comment": "No log.", "gap": "minor"}})
        day = date.today() + timedelta(days=10)
        first_uid = _schedule(application_id, day).uid
    content_type, lines = _download(app, application_id)
    assert content_type == "text/calendar; charset=utf-8; method=PUBLISH"
    assert _state_of(lines) == ("PUBLISH", "0", "CONFIRMED")
    assert _field(lines, "ORGANIZER").startswith("mailto:")
    uid = _field(lines, "UID")

    with app.app_context():
        _schedule(application_id, day + timedelta(days=1), comment="The school hall is taken that day.")
    _content_type, lines = _download(app, application_id, LEAD)  # the assessor's file says the same
    assert (_field(lines, "UID"), _field(lines, "SEQUENCE"), _field(lines, "METHOD")) == (uid, "1", "PUBLISH")

    with app.app_context():  # changes requested before the visit: it will not take place
        decisions.request_changes(application_id, person(LEAD), version(application_id))
        db.session.commit()
    content_type, lines = _download(app, application_id)
    assert content_type == "text/calendar; charset=utf-8; method=CANCEL"
    assert (_field(lines, "UID"), _field(lines, "SEQUENCE")) == (uid, "2")
    assert (_field(lines, "METHOD"), _field(lines, "STATUS")) == ("CANCEL", "CANCELLED")
    assert _field(lines, "SUMMARY").startswith("Cancelled: Site visit")
    page = signed_in(app, "head.a@example.org").get(f"/applications/{application_id}").get_data(as_text=True)
    assert 'id="visit-cancelled"' in page

    with app.app_context():  # the school mends, the next round is reviewed, a visit is scheduled again
        fire_as(application_id, "resubmit", HEAD_A, comment="Mended: the training log is uploaded.")
        fire_as(application_id, "start_review", LEAD)
        judge(application_id, wanting, "agree")
        again = _schedule(application_id, day + timedelta(days=5))
        assert (again.uid, again.sequence) == (first_uid, 3)  # after the cancellation's SEQUENCE
    _content_type, lines = _download(app, application_id)
    assert (_field(lines, "UID"), _field(lines, "SEQUENCE"), _field(lines, "METHOD")) == (uid, "3", "PUBLISH")
    assert _field(lines, "STATUS") == "CONFIRMED"


def test_a_visit_that_took_place_is_not_cancelled_by_the_decision_after_it(app, world):
    with app.app_context():
        application_id = under_review(world, "ciss")
        judge_all(application_id)
        visit = _schedule(application_id, date.today() + timedelta(days=3))
        # the visit took place: it began two hours ago
        db.session.execute(
            update(SiteVisit)
            .where(SiteVisit.id == visit.id)
            .values(starts_at=utcnow() - timedelta(hours=2), ends_at=utcnow() - timedelta(hours=1))
        )
        db.session.commit()
        justification = "Visited; foundation fits."
        decisions.approve(application_id, person(LEAD), "foundation", justification, version(application_id))
        db.session.commit()
    _content_type, lines = _download(app, application_id)
    assert _state_of(lines) == ("PUBLISH", "0", "CONFIRMED")


def test_a_withdrawal_before_the_visit_cancels_it_for_both_sides(app, world):
    with app.app_context():
        application_id = under_review(world, "ciss")
        judge_all(application_id)
        _schedule(application_id, date.today() + timedelta(days=6))
        fire_as(application_id, "withdraw", "head.a@example.org")
    for email in ("head.a@example.org", LEAD, COORDINATOR):
        content_type, lines = _download(app, application_id, email)
        assert content_type.endswith("method=CANCEL"), email
        assert (_field(lines, "SEQUENCE"), _field(lines, "STATUS")) == ("1", "CANCELLED")
