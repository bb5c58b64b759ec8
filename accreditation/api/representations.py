"""Domain objects as the API shows them (plain data; the schemas in ``schemas`` give their shape)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from accreditation.api.errors import decision_href, failed_conditions
from accreditation.applications.reads import HistoryEntry, event_options
from accreditation.applications.runtime import current_workflows
from accreditation.certificates.reads import INVALID, Verification
from accreditation.certificates.rendering import programme_name_of, title_of
from accreditation.certificates.status import ENDED, SUSPENDED
from accreditation.i18n import local
from accreditation.models import Application, DocumentFile, School, User
from accreditation.models.certificate import CertificateStatus
from workflows import Event, Framework, Programme

# The certificate statuses of the API's contract; a superseded certificate is no longer in force (expired), nor is
# one whose school's cycle ended (expired) or whose certification is suspended (revoked, until it is reinstated); a
# code that was altered or made up is not one of ours (unknown). ``outcome`` keeps the precise one.
CERTIFICATE_STATUS = {
    CertificateStatus.VALID.value: "valid",
    CertificateStatus.EXPIRED.value: "expired",
    CertificateStatus.REVOKED.value: "revoked",
    CertificateStatus.SUPERSEDED.value: "expired",
    SUSPENDED: "revoked",
    ENDED: "expired",
}


def application_json(application: Application, user: User, roles: frozenset[str]) -> dict[str, Any]:
    """An application as ``user`` (holding ``roles`` on it) sees it: with the events they may fire now and those
    still blocked, with why (the same preview as the application's page)."""
    programme = current_workflows().programme(application.programme_code)
    options = event_options(application, programme, user, roles)
    return {
        **application_summary(application),
        "allowed_events": [option.event.name for option in options if option.possible],
        "allowed_actions": [action_json(application, option.event) for option in options if option.possible],
        "blocked_events": [
            {
                "event": option.event.name,
                "label": local(option.event.label),
                "reasons": option.reasons,
                "failed_conditions": failed_conditions(option.reasons) or [],
            }
            for option in options
            if not option.possible
        ],
    }


def action_json(application: Application, event: Event) -> dict[str, Any]:
    """An event the caller may fire now, with the route that fires it: a decision's own route for a decision
    (the generic event route refuses it), the generic one for the rest."""
    if event.decision is not None:
        href = decision_href(application.id, event.decision)
    else:
        href = url_for("api.fire_event", application_id=application.id, event=event.name)
    return {
        "event": event.name,
        "label": local(event.label),
        "decision": event.decision,
        "method": "POST",
        "href": href,
    }


def application_summary(application: Application) -> dict[str, Any]:
    """An application without what its reader may do with it (the lists of applications)."""
    programme = current_workflows().programme(application.programme_code)
    state = programme.states.get(application.state)
    award = None
    if application.award_level:
        level = programme.awards.level(application.award_level) if programme.awards else None
        award = {
            "level": application.award_level,
            "label": local(level.label) if level else application.award_level,
            "awarded_at": application.awarded_at,
            "expires_at": application.expires_at,
        }
    return {
        "id": application.id,
        "school_id": application.school_id,
        "programme": application.programme_code,
        "programme_name": local(programme.name),
        "cycle": application.cycle,
        "state": application.state,
        "state_label": local(state.label) if state else application.state,
        "is_open": application.is_open,
        "version": application.version,
        "deadline": application.deadline,
        "state_entered_at": application.state_entered_at,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
        "award": award,
    }


def school_json(school: School) -> dict[str, Any]:
    return {
        "id": school.id,
        "name": school.name,
        "national_id": school.national_id,
        "country": school.country_code,
        "region": school.region_code,
        "address": school.address or "",
        "language": school.language,
        "type": school.school_type,
        "pupils": school.pupils,
        "verification": school.verification,
        "created_at": school.created_at,
    }


def programme_json(programme: Programme) -> dict[str, Any]:
    definition = programme.definition
    awards = programme.awards
    return {
        "code": programme.code,
        "name": local(programme.name),
        "description": local(definition.description),
        "framework": definition.framework,
        "states": [
            {
                "name": state.name,
                "label": local(state.label),
                "kind": state.kind,
                "open": state.open and not state.is_final,
            }
            for state in definition.states.values()
        ],
        "events": [
            {
                "name": event.name,
                "label": local(event.label),
                "sources": list(event.sources),
                "dest": event.dest,
                "roles": sorted(event.roles),
                "requires": list(event.requires),
                "decision": event.decision,
            }
            for event in definition.events.values()
        ],
        "awards": None
        if awards is None
        else {
            "granted_on": awards.granted_on,
            "validity_months": awards.validity_months,
            "reassess_after_months": awards.reassess_after_months,
            "levels": [
                {
                    "code": level.code,
                    "label": local(level.label),
                    "rank": level.rank,
                    "min_share_at_benchmark": level.min_share_at_benchmark,
                    "min_review_score": level.min_review_score,
                    "needs_moderation": level.needs_moderation,
                }
                for level in awards.levels
            ],
        },
    }


def framework_json(programme: Programme, framework: Framework, language: str) -> dict[str, Any]:
    """The framework's texts in ``language`` (English where a text has no translation)."""
    scale = {level: label.in_(language) for level, label in framework.scale.items()}
    return {
        "programme": programme.code,
        "code": framework.code,
        "version": framework.version,
        "name": framework.name.in_(language),
        "language": language,
        "scale": [{"level": level, "label": label} for level, label in scale.items()],
        "documents": [
            {
                "code": kind.code,
                "title": kind.title.in_(language),
                "description": kind.description.in_(language),
                "required": kind.required,
            }
            for kind in framework.documents.values()
        ],
        "areas": [
            {
                "code": area.code,
                "title": area.title.in_(language),
                "description": area.description.in_(language),
                "criteria": [
                    {
                        "code": criterion.code,
                        "title": criterion.title.in_(language),
                        "description": criterion.description.in_(language),
                        "benchmark": criterion.benchmark,
                        "levels": [
                            {"level": level, "label": scale.get(level, str(level)), "statement": text.in_(language)}
                            for level, text in criterion.statements.items()
                        ],
                        "documents": list(criterion.documents),
                    }
                    for criterion in area.criteria
                ],
            }
            for area in framework.areas
        ],
    }


def history_json(entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    return [
        {
            "version": entry.record.version,
            "event": entry.record.event,
            "event_label": local(entry.event_label),
            "from_state": entry.record.from_state,
            "from_label": local(entry.from_label) if entry.from_label is not None else None,
            "to_state": entry.record.to_state,
            "to_label": local(entry.to_label),
            "actor": {"id": entry.record.actor.id, "name": entry.actor_name} if entry.record.actor else None,
            "actor_role": entry.record.actor_role,
            "comment": entry.record.comment or "",
            "data": entry.record.data or {},
            "at": entry.record.at,
        }
        for entry in entries
    ]


def document_json(version: DocumentFile) -> dict[str, Any]:
    document = version.document
    return {
        "document_id": document.id,
        "file_id": version.id,
        "version": version.version,
        "kind": document.kind,
        "title": document.title,
        "filename": version.filename,
        "media_type": version.media_type,
        "size": version.size,
        "sha256": version.sha256,
        "uploaded_at": version.uploaded_at,
        "criterion_codes": document.criterion_codes,
    }


def certificate_json(verification: Verification) -> dict[str, Any]:
    """What the public verification says about a code, in the API's statuses."""
    certificate = verification.certificate
    if certificate is None:
        return {
            "status": "unknown",
            "outcome": INVALID if verification.outcome == INVALID else "unknown",
            **dict.fromkeys(
                ("school", "programme", "programme_name", "level", "title", "serial", "issued_at", "expires_at")
            ),
        }
    return {
        "status": CERTIFICATE_STATUS.get(verification.outcome, "unknown"),
        "outcome": verification.outcome,
        "school": certificate.school_name,
        "programme": certificate.programme_code,
        "programme_name": programme_name_of(certificate),
        "level": certificate.level,
        "title": title_of(certificate),
        "serial": certificate.serial,
        "issued_at": certificate.issued_at,
        "expires_at": certificate.expires_at,
    }
