"""An assessor's to-do list, from their queue (``review.queue.queue_for``): the reviews overdue, due within a week,
the others assigned to them, and those waiting for the school. Each links to where the work is done: the review
page for the lead assessor (it opens the review on the first visit), the decision page for a moderator."""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from flask_babel import gettext as _

from accreditation.i18n import local
from accreditation.models import User
from accreditation.models.application import AssessorRole
from accreditation.review.permissions import judging_states, moderation_states
from accreditation.review.queue import QueueFilters, QueueRow, due_after_assignment, queue_for
from accreditation.review.rounds import opening_event
from accreditation.todo.items import NORMAL, OVERDUE, SOON, WAITING, TodoItem, TodoPart, TodoSection
from accreditation.todo.school import after_award

SOON_DAYS = 7  # a review due within this many days is "due soon"


def _assigned_at(row: QueueRow):
    assignment = next((a for a in row.application.assessors if a.role == row.role), None)
    return assignment.assigned_at if assignment is not None else row.application.state_entered_at


def _item(row: QueueRow, today: date) -> tuple[str, TodoItem]:
    """The section (overdue, soon, assigned, waiting) and the item of one row of the queue."""
    application, programme = row.application, row.programme
    school, name = row.school.name, local(programme.name)
    show = url_for("applications.show", application_id=application.id)
    state = application.state
    if not row.your_move and state in moderation_states(programme):
        text = _("%(school)s (%(programme)s): the moderator checks the proposed level.", school=school, programme=name)
        return "assigned", TodoItem("moderation", text, show, WAITING)
    if not row.your_move:
        text = _("%(school)s (%(programme)s): %(state)s.", school=school, programme=name, state=local(row.state_label))
        return "waiting", TodoItem("waiting", text, show, WAITING)
    due = row.due or due_after_assignment(programme, application, _assigned_at(row))
    if row.role == AssessorRole.MODERATOR and state in moderation_states(programme):
        text = _("%(school)s (%(programme)s): confirm or send back the proposed level.", school=school, programme=name)
        url = url_for("review.decision", application_id=application.id)
    elif opening_event(programme, state) is not None:
        text = _("%(school)s (%(programme)s): a new submission to review.", school=school, programme=name)
        url = url_for("review.review", application_id=application.id)
    elif row.due_is_visit:
        text = _("%(school)s (%(programme)s): the site visit, then your decision.", school=school, programme=name)
        url = url_for("review.decision", application_id=application.id)
    elif state in judging_states(programme):
        text = _("%(school)s (%(programme)s): continue the review.", school=school, programme=name)
        url = url_for("review.review", application_id=application.id)
    else:
        text = _("%(school)s (%(programme)s): %(state)s.", school=school, programme=name, state=local(row.state_label))
        url = show
    if due is not None and due < today:
        return "overdue", TodoItem("overdue", text, url, OVERDUE, due)
    if due is not None and due <= today + timedelta(days=SOON_DAYS):
        return "soon", TodoItem("soon", text, url, SOON, due)
    return "assigned", TodoItem("assigned", text, url, NORMAL, due)


def assessor_part(user: User, today: date) -> TodoPart:
    found: dict[str, list[TodoItem]] = {"overdue": [], "soon": [], "assigned": [], "waiting": []}
    for row in queue_for(user, QueueFilters(), today):
        if not row.your_move and row.application.state in after_award(row.programme):
            continue  # decided: nothing waits for the assessor or the school any more
        section, item = _item(row, today)
        found[section].append(item)
    return TodoPart(
        key="reviews",
        title=_("Your reviews"),
        url=url_for("review.queue"),
        sections=[
            TodoSection(
                "overdue",
                _("Overdue"),
                _("When a review passes its due date, it appears here."),
                found["overdue"],
            ),
            TodoSection(
                "soon",
                _("Due within a week"),
                _("When a review is due within a week, it appears here."),
                found["soon"],
            ),
            TodoSection(
                "assigned",
                _("Assigned to you"),
                _("When a coordinator assigns you a review, it appears here with its due date."),
                found["assigned"],
            ),
            TodoSection(
                "waiting",
                _("Waiting for the school"),
                _("When you ask a school for changes, it appears here until the school sends them."),
                found["waiting"],
            ),
        ],
    )
