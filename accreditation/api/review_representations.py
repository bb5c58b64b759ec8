"""The review's domain objects as the API shows them (plain data; ``review_schemas`` gives their shape). Every label
is in the caller's language: programme and framework texts through ``local``, the code's own through ``_``."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _

from accreditation.i18n import local, local_number, user_zone
from accreditation.models import AssessorConflict, Judgment, School
from accreditation.review.outcome import Recommendation
from accreditation.review.queue import QueueRow
from accreditation.review.reads import EvidenceFile, FeedbackRound, ReviewPage
from accreditation.review.visits import VisitStanding
from workflows import Programme


def decision_labels() -> dict[str, str]:
    """The decisions of a round, as the school's feedback page names them."""
    return {"changes_requested": _("Changes requested"), "awarded": _("Awarded"), "rejected": _("Not awarded")}


def judgment_json(judgment: Judgment | None) -> dict[str, Any] | None:
    if judgment is None:
        return None
    return {
        "verdict": judgment.verdict,
        "level": judgment.level,
        "gap": judgment.gap,
        "comment": judgment.comment or "",
        "carried_from_round": judgment.carried_from_round,
        "updated_at": judgment.updated_at,
        "updated_by": judgment.updated_by.name if judgment.updated_by is not None else None,
    }


def evidence_json(evidence: EvidenceFile) -> dict[str, Any]:
    document, file = evidence.snapshot_document, evidence.file
    return {
        "file_id": file.id,
        "kind": document.kind,
        "title": document.title,
        "filename": file.filename,
        "media_type": file.media_type,
        "size": file.size,
        "sha256": document.sha256,
        "criterion_codes": list(document.criterion_codes or []),
    }


def level_json(programme: Programme, code: str | None) -> dict[str, str] | None:
    """An award level by its code, with its label (None: no level)."""
    if not code:
        return None
    level = programme.awards.level(code) if programme.awards else None
    return {"code": code, "label": local(level.label) if level else code}


def recommendation_json(programme: Programme, recommendation: Recommendation | None) -> dict[str, Any] | None:
    """The recommended level with the figures that earn it, and a sentence saying so (as the decision page)."""
    if recommendation is None:
        return None
    level = level_json(programme, recommendation.level.code) if recommendation.level else None
    share = round(recommendation.share_at_benchmark * 100)
    at_benchmark = _(
        "%(count)s of %(total)s criteria (%(share)s%%)",
        count=recommendation.at_benchmark,
        total=recommendation.total,
        share=share,
    )
    why = "; ".join(
        [
            f"{_('Agreed at or above the benchmark')}: {at_benchmark}",
            f"{_('Review score (mean agreed level)')}: {local_number(recommendation.review_score, 2)}",
            f"{_('Recommended level')}: {level['label'] if level else _('none: the agreed levels earn no level')}",
        ]
    )
    return {
        "level": level,
        "at_benchmark": recommendation.at_benchmark,
        "total": recommendation.total,
        "share_at_benchmark": recommendation.share_at_benchmark,
        "review_score": recommendation.review_score,
        "why": why,
    }


def visit_json(application_id: int, standing: VisitStanding | None) -> dict[str, Any] | None:
    """The site visit as it stands: UTC times, and its start in the caller's time zone."""
    if standing is None:
        return None
    visit = standing.visit
    zone = user_zone()
    return {
        "starts_at": visit.starts_at,
        "ends_at": visit.ends_at,
        "timezone": zone.key,
        "local_starts_at": visit.starts_at.astimezone(zone).isoformat(),
        "place": visit.place,
        "note": visit.note or "",
        "sequence": standing.sequence,
        "cancelled": standing.cancelled,
        "cancelled_at": standing.cancelled_at,
        "calendar": url_for("api.get_visit_calendar", application_id=application_id),
    }


def review_json(page: ReviewPage, visit: VisitStanding | None) -> dict[str, Any]:
    """The round under review as its reader sees it, criterion by criterion."""
    application, review = page.application, page.review
    state = page.programme.states.get(application.state)
    return {
        "application_id": application.id,
        "version": application.version,
        "state": application.state,
        "state_label": local(state.label) if state else application.state,
        "round": page.snapshot.round,
        "opened": review is not None,
        "scope": review.scope if review is not None else None,
        "decision": review.decision if review is not None else None,
        "editable": page.editable,
        "framework": page.framework.code,
        "framework_version": page.framework.version,
        "judged": page.judged,
        "criteria": [
            {
                "code": row.criterion.code,
                "title": local(row.criterion.title),
                "benchmark": row.criterion.benchmark,
                "claimed_level": row.claimed,
                "commentary": row.answer.commentary if row.answer is not None else "",
                "status": row.status,
                "revision": row.revision,
                "judgment": judgment_json(row.judgment),
                "documents": [evidence_json(evidence) for evidence in row.documents],
            }
            for row in page.rows
        ],
        "left_to_judge": [
            {"code": row.criterion.code, "title": local(row.criterion.title)} for row in page.rows if not row.judgment
        ],
        "recommendation": recommendation_json(page.programme, page.recommendation),
        "other_documents": [evidence_json(evidence) for evidence in page.other_documents],
        "visit": visit_json(application.id, visit),
    }


def queue_row_json(row: QueueRow) -> dict[str, Any]:
    application = row.application
    state = row.programme.states.get(application.state)
    return {
        "application_id": application.id,
        "school": school_ref(row.school),
        "programme": row.programme.code,
        "programme_name": local(row.programme.name),
        "state": application.state,
        "state_label": local(state.label) if state else application.state,
        "role": row.role,
        "due": row.due,
        "due_is_visit": row.due_is_visit,
        "overdue": row.overdue,
        "your_move": row.your_move,
    }


def school_ref(school: School) -> dict[str, Any]:
    return {"id": school.id, "name": school.name, "country": school.country_code, "region": school.region_code}


def conflict_json(conflict: AssessorConflict) -> dict[str, Any]:
    kind = _("Declared conflict") if conflict.kind == "declared" else _("Advised the school")
    return {
        "id": conflict.id,
        "assessor": {"id": conflict.assessor.id, "name": conflict.assessor.name},
        "school": school_ref(conflict.school),
        "kind": conflict.kind,
        "kind_label": kind,
        "note": conflict.note or "",
        "recorded_at": conflict.recorded_at,
        "standing": conflict.standing,
        "withdrawn_at": conflict.withdrawn_at,
        "withdrawal_note": conflict.withdrawal_note or "",
    }


def round_json(programme: Programme, decided: FeedbackRound, detail: bool = False) -> dict[str, Any]:
    """A decided round of review: its decision, level, date, and what the school was asked to change."""
    review, record = decided.review, decided.record
    shown: dict[str, Any] = {
        "round": review.round,
        "scope": review.scope,
        "decision": review.decision,
        "decision_label": decision_labels().get(review.decision, review.decision),
        "decided_at": review.decided_at,
        "decided_by": review.decided_by.name if review.decided_by is not None else None,
        "event": record.event if record is not None else None,
        "version": review.decision_version,
        "level": level_json(programme, review.awarded_level),
        "recommended_level": level_json(programme, review.recommended_level),
        "comment": (record.comment if record is not None else "") or "",
        "items": list((record.data or {}).get("items") or []) if record is not None else [],
    }
    if detail:
        shown["criteria"] = [
            {
                "code": row.criterion.code,
                "title": local(row.criterion.title),
                "claimed_level": row.answer.level if row.answer is not None else None,
                "judgment": judgment_json(row.judgment),
            }
            for row in decided.rows
        ]
    return shown
