"""A certificate's status: the end of its validity, stored (expired by the system at the end of its validity,
revoked by a person with their reason, superseded: see ``issuing``), and what it says now (``standing``).

A certificate stored as valid is not always in force: its application may be suspended (a state left from the
granting state that leads back to it, e.g. CISS's ``suspended``: the coordinator may reinstate it), or its cycle may
have ended in a final state (withdrawn, or revoked or expired while the job that records it has not run yet). The
programme's data says which states those are, not state names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import Application, Certificate, TransitionRecord
from accreditation.models.certificate import CertificateStatus
from accreditation.models.time import utcnow
from workflows import SYSTEM, Programme

SUSPENDED = "suspended"  # stored valid, but the certification is suspended: not in force until reinstated
ENDED = "ended"  # stored valid, but the application's cycle has ended without it (e.g. withdrawn)
ENDING_ACTION = "expire_certificate"  # the action that records the end of a certificate's validity


def _ending(record: TransitionRecord | None) -> tuple[CertificateStatus, str]:
    """The status a change ends a certificate with, and the reason: revoked with the comment when a person made
    it (a coordinator revoking), expired when the system did (a timer)."""
    by_a_person = record is not None and record.actor_role != SYSTEM
    if by_a_person:
        return CertificateStatus.REVOKED, (record.comment or "").strip()
    return CertificateStatus.EXPIRED, ""


def end_validity(application_id: int, record: TransitionRecord | None, now: datetime | None = None) -> int:
    """End the application's valid certificates as the change in ``record`` says (``_ending``). The number of
    certificates changed."""
    now = now or utcnow()
    status, reason = _ending(record)
    return db.session.execute(
        update(Certificate)
        .where(Certificate.application_id == application_id, Certificate.status == CertificateStatus.VALID.value)
        .values(status=status.value, status_changed_at=now, status_reason=reason),
        execution_options={"synchronize_session": False},
    ).rowcount


def expire_overdue(now: datetime | None = None) -> int:
    """Mark every valid certificate past its expiry expired (one statement); the number changed."""
    now = now or utcnow()
    return db.session.execute(
        update(Certificate)
        .where(Certificate.status == CertificateStatus.VALID.value, Certificate.expires_at <= now)
        .values(status=CertificateStatus.EXPIRED.value, status_changed_at=now),
        execution_options={"synchronize_session": False},
    ).rowcount


# --- what a certificate says now -----------------------------------------------------------------------------------


def suspension_states(programme: Programme) -> frozenset[str]:
    """The states in which the programme's award is suspended: reached from the granting state, not final, and
    left by an event back to the granting state (a reinstatement)."""
    granted = programme.awards.granted_on if programme.awards else None
    if granted is None:
        return frozenset()
    reached, frontier = {granted}, [granted]
    while frontier:
        state = frontier.pop()
        for event in programme.events_from(state):
            if event.dest not in reached:
                reached.add(event.dest)
                frontier.append(event.dest)
    return frozenset(
        state
        for state in reached - {granted}
        if not programme.state(state).is_final and any(e.dest == granted for e in programme.events_from(state))
    )


def not_in_force_states(programme: Programme) -> frozenset[str]:
    """The states of an application whose valid certificates are not in force: suspended, or its cycle over."""
    final = frozenset(state.name for state in programme.states.values() if state.is_final)
    return final | suspension_states(programme)


@dataclass(frozen=True)
class Standing:
    """What a certificate says now: ``status`` is valid, expired, revoked, superseded, suspended or ended;
    ``since``, when it stopped being in force (None: valid, or not known); ``reason``, a person's reason if any;
    ``state``, the application's state when that state is why (suspended, ended)."""

    status: str
    since: datetime | None = None
    reason: str = ""
    state: object | None = None  # the application's workflows.State

    @property
    def in_force(self) -> bool:
        return self.status == CertificateStatus.VALID.value


def standing(certificate: Certificate, now: datetime | None = None) -> Standing:
    """The certificate's status now: its stored one, past its expiry expired, and a valid one checked against its
    application (suspended, ended, or ended by a change whose job has not run yet)."""
    now = now or utcnow()
    status = certificate.status_at(now)
    if status != CertificateStatus.VALID.value:
        if status == CertificateStatus.EXPIRED.value and certificate.status == CertificateStatus.VALID.value:
            return Standing(status, certificate.expires_at)
        return Standing(status, certificate.status_changed_at, certificate.status_reason or "")
    application: Application | None = certificate.application
    programme = current_workflows().programmes.get(certificate.programme_code)
    if application is None or programme is None or application.state not in programme.states:
        return Standing(status)
    state = programme.state(application.state)
    if application.state in suspension_states(programme):
        return Standing(SUSPENDED, application.state_entered_at, state=state)
    if state.is_final:
        if ENDING_ACTION in state.on_enter:  # its job records it in a moment: say it now
            record = db.session.scalar(
                select(TransitionRecord).where(
                    TransitionRecord.application_id == application.id,
                    TransitionRecord.version == application.version,
                )
            )
            ending, reason = _ending(record)
            return Standing(ending.value, application.state_entered_at, reason, state)
        return Standing(ENDED, application.state_entered_at, state=state)
    return Standing(status)
