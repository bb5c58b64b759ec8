"""The application's history as a school reads it: one plain sentence per step saying what happened and who did it
("The assessor returned your self-assessment for more work"), without states, arrows or role names in parentheses.

What happened is read from the programme's data, never from event or state names: the decision an event records,
whether it sends the self-assessment (its completeness guard), opens it, starts the review of a submission, ends the
application. An event none of these describe is named by its label.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from accreditation.applications.operations import JOIN_EVENT
from accreditation.applications.reads import HistoryEntry
from accreditation.assessment.permissions import SCHOOL_ROLES, SELF_ASSESSMENT_GUARD, editable_states
from accreditation.i18n import local
from workflows import Event, Programme
from workflows.roles import ADMIN, ASSESSOR, COORDINATOR


@dataclass(frozen=True)
class PlainEntry:
    """One step of the history in the school's words; ``entry`` keeps the record (time, comment, items, level)."""

    entry: HistoryEntry
    text: str


def who_did(entry: HistoryEntry) -> str:
    """Who acted, for a school: a colleague by name, the others by what they are ("The assessor")."""
    role = entry.record.actor_role
    if entry.record.actor_id is not None and role in SCHOOL_ROLES:
        return entry.actor_name
    if role == ASSESSOR:
        return _("The assessor")
    if role == COORDINATOR:
        return _("A coordinator")
    if role == ADMIN:
        return _("An administrator")
    if entry.record.actor_id is not None:
        return entry.actor_name
    return _("The system")


def _decision_text(decision: str, who: str) -> str | None:
    texts = {
        "changes": lambda: _("%(who)s returned your self-assessment for more work.", who=who),
        "visit": lambda: _("%(who)s set the date of the site visit.", who=who),
        "award": lambda: _("%(who)s gave your school the award.", who=who),
        "propose": lambda: _("%(who)s proposed an award; a second assessor confirms it.", who=who),
        "confirm": lambda: _("%(who)s confirmed the award.", who=who),
        "send_back": lambda: _("%(who)s sent the proposed award back to the assessor for another look.", who=who),
        "reject": lambda: _("%(who)s decided not to give the award this time.", who=who),
    }
    text = texts.get(decision)
    return text() if text else None


def plain_text(entry: HistoryEntry, programme: Programme) -> str:
    """What happened in ``entry``, in one sentence for the school."""
    who = who_did(entry)
    record = entry.record
    if record.event == JOIN_EVENT:
        return _("%(who)s joined the programme.", who=who)
    event: Event | None = programme.events.get(record.event)
    if event is None:
        return _("%(who)s moved the application on.", who=who)
    if event.decision and (text := _decision_text(event.decision, who)):
        return text
    editable = editable_states(programme)
    if SELF_ASSESSMENT_GUARD in event.guards:
        return _("%(who)s sent the self-assessment to the assessor.", who=who)
    if event.dest in editable and record.from_state not in editable:
        return _("%(who)s started the self-assessment.", who=who)
    if programme.states[event.dest].is_final:
        return _("%(who)s closed the application: %(outcome)s.", who=who, outcome=local(entry.to_label))
    sent = {e.dest for e in programme.events.values() if SELF_ASSESSMENT_GUARD in e.guards}
    if record.from_state in sent and event.dest not in editable:
        return _("%(who)s started the review of your self-assessment.", who=who)
    if record.from_state == programme.initial:
        return _("%(who)s accepted your school’s application.", who=who)
    return _("%(who)s chose “%(action)s”.", who=who, action=local(event.label))


def school_history(entries: list[HistoryEntry], programme: Programme) -> list[PlainEntry]:
    """The history, oldest first, each step in one plain sentence."""
    return [PlainEntry(entry, plain_text(entry, programme)) for entry in entries]
