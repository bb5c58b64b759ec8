"""The self-assessment's domain objects as the API shows them (plain data shaped by ``self_assessment_schemas``).
Framework and programme texts are rendered in the caller's language (``local``); sentences of the code through
the catalogues, with the results page's own messages."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from accreditation.applications.reads import ModuleStatus
from accreditation.assessment.action_plan import ActionPlan
from accreditation.assessment.answers import Workspace
from accreditation.assessment.comparison import Comparison
from accreditation.assessment.reads import SnapshotPage
from accreditation.assessment.scoring import Scorecard
from accreditation.i18n import local
from accreditation.models import Answer, Document, DocumentFile, Snapshot, User
from accreditation.models.document import OTHER_KIND
from workflows import Criterion, Framework


def actor_json(user: User | None) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def framework_ref(framework: Framework) -> dict[str, Any]:
    return {"code": framework.code, "version": framework.version, "name": local(framework.name)}


def level_label(framework: Framework, level: int | None) -> str | None:
    if level is None:
        return None
    return local(framework.scale[level]) if level in framework.scale else str(level)


# --- answers ---------------------------------------------------------------------------------------------------------


def answer_detail(framework: Framework, criterion: Criterion, answer: Answer | None) -> dict[str, Any]:
    """One criterion's answer (an unanswered criterion: no level, revision 0)."""
    return {
        "criterion_code": criterion.code,
        "area": criterion.area,
        "title": local(criterion.title),
        "benchmark": criterion.benchmark,
        "level": answer.level if answer else None,
        "level_label": level_label(framework, answer.level if answer else None),
        "commentary": answer.commentary or "" if answer else "",
        "revision": answer.revision if answer else 0,
        "updated_at": answer.updated_at if answer else None,
        "updated_by": actor_json(answer.updated_by) if answer else None,
    }


def answer_sheet(space: Workspace, card: Scorecard) -> dict[str, Any]:
    answers = space.answers()
    framework = space.framework
    return {
        "application_id": space.application.id,
        "framework": framework_ref(framework),
        "editable": space.editable,
        "answered": card.answered,
        "total": card.total,
        "answers": [answer_detail(framework, c, answers.get(c.code)) for c in framework.criteria],
        "unanswered": [
            {"criterion_code": s.criterion.code, "area": s.criterion.area, "title": local(s.criterion.title)}
            for s in card.criteria
            if s.level is None
        ],
    }


# --- documents -------------------------------------------------------------------------------------------------------


def version_json(version: DocumentFile) -> dict[str, Any]:
    return {
        "file_id": version.id,
        "version": version.version,
        "filename": version.filename,
        "media_type": version.media_type,
        "size": version.size,
        "sha256": version.sha256,
        "uploaded_at": version.uploaded_at,
        "uploaded_by": actor_json(version.uploaded_by),
    }


def kind_label(framework: Framework, kind: str) -> str:
    """As the documents page names a document's kind."""
    if kind in framework.documents:
        return local(framework.documents[kind].title)
    return _("Other evidence") if kind == OTHER_KIND else kind


def document_detail(framework: Framework, document: Document) -> dict[str, Any]:
    return {
        "document_id": document.id,
        "kind": document.kind,
        "kind_label": kind_label(framework, document.kind),
        "title": document.title,
        "criterion_codes": document.criterion_codes,
        "created_at": document.created_at,
        "versions": [version_json(version) for version in document.files],
    }


def document_list(space: Workspace, documents: list[Document]) -> dict[str, Any]:
    """The documents page: what the programme expects (in the framework's order), then what was uploaded."""
    kinds = {document.kind for document in documents}
    return {
        "application_id": space.application.id,
        "editable": space.editable,
        "expected": [
            {
                "kind": code,
                "title": local(kind.title),
                "description": local(kind.description),
                "required": kind.required,
                "uploaded": code in kinds,
            }
            for code, kind in space.framework.documents.items()
        ],
        "documents": [document_detail(space.framework, document) for document in documents],
    }


# --- results ---------------------------------------------------------------------------------------------------------


def explanation(card: Scorecard) -> list[str]:
    """The results page's sentences: the level reached, the share at the benchmark, what the next level needs."""
    percent = round(card.share_at_benchmark * 100)
    if card.level is not None:
        reached = _("On your self-assessment, your school reaches: %(level)s.", level=local(card.level.label))
    else:
        reached = _("Your self-assessment does not reach a level yet.")
    sentences = [
        reached,
        _(
            "%(count)s of %(total)s criteria are at or above their benchmark (%(share)s%%).",
            count=card.at_benchmark,
            total=card.total,
            share=percent,
        ),
    ]
    if card.next_level is not None:
        sentences.append(
            _(
                "%(level)s needs %(share)s%% of the criteria at their benchmark: %(count)s more.",
                level=local(card.next_level.label),
                share=round(card.next_level.min_share_at_benchmark * 100),
                count=card.needed_for_next,
            )
        )
    sentences.append(_("The level awarded also depends on the assessor’s review of your evidence."))
    return sentences


def comparison_json(picture: Comparison) -> dict[str, Any]:
    return {
        "lowest": picture.lowest,
        "highest": picture.highest,
        "schools_counted": dict(picture.groups),
        "areas": [
            {
                "area": row.area.code,
                "title": local(row.area.title),
                "school": row.school,
                "region": row.region,
                "country": row.country,
                "programme": row.programme,
            }
            for row in picture.areas
        ],
    }


def results_json(space: Workspace, card: Scorecard, picture: Comparison) -> dict[str, Any]:
    next_level = card.next_level
    return {
        "application_id": space.application.id,
        "framework": framework_ref(space.framework),
        "level": {"code": card.level.code, "label": local(card.level.label)} if card.level else None,
        "next_level": None
        if next_level is None
        else {
            "code": next_level.code,
            "label": local(next_level.label),
            "min_share_at_benchmark": next_level.min_share_at_benchmark,
            "needed": card.needed_for_next,
        },
        "total": card.total,
        "answered": card.answered,
        "at_benchmark": card.at_benchmark,
        "share_at_benchmark": card.share_at_benchmark,
        "explanation": explanation(card),
        "areas": [
            {
                "code": score.area.code,
                "title": local(score.area.title),
                "criteria": len(score.criteria),
                "answered": score.answered,
                "at_benchmark": score.at_benchmark,
                "average": score.average,
            }
            for score in card.areas
        ],
        "holding_back": [
            {
                "criterion_code": score.criterion.code,
                "area": score.criterion.area,
                "title": local(score.criterion.title),
                "level": score.level,
                "benchmark": score.criterion.benchmark,
                "benchmark_statement": local(score.criterion.statements.get(score.criterion.benchmark)),
            }
            for score in card.holding_back
        ],
        "comparison": comparison_json(picture),
    }


# --- action plan, modules, snapshots ---------------------------------------------------------------------------------


def action_plan_json(plan: ActionPlan) -> dict[str, Any]:
    return {
        "application_id": plan.space.application.id,
        "can_tick": plan.can_tick,
        "done": plan.done,
        "total": plan.total,
        "areas": [
            {
                "code": area.area.code,
                "title": local(area.area.title),
                "criteria": [
                    {
                        "criterion_code": planned.score.criterion.code,
                        "title": local(planned.score.criterion.title),
                        "level": planned.score.level,
                        "benchmark": planned.score.criterion.benchmark,
                        "actions": [
                            {
                                "key": item.action.key,
                                "text": local(item.action.text),
                                "from_level": item.action.from_level,
                                "done": item.done is not None,
                                "done_at": item.done.done_at if item.done else None,
                                "done_by": actor_json(item.done.done_by) if item.done else None,
                            }
                            for item in planned.actions
                        ],
                    }
                    for planned in area.criteria
                ],
            }
            for area in plan.areas
        ],
    }


def module_json(status: ModuleStatus) -> dict[str, Any]:
    done = status.done
    return {
        "code": status.module.code,
        "title": local(status.module.title),
        "description": local(status.module.description),
        "complete": done is not None,
        "completed_at": done.completed_at if done else None,
        "completed_by": actor_json(done.completed_by) if done else None,
    }


def snapshot_summary(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "round": snapshot.round,
        "submitted_at": snapshot.submitted_at,
        "submitted_by": actor_json(snapshot.submitted_by),
        "share_at_benchmark": snapshot.share_at_benchmark,
    }


def snapshot_json(page: SnapshotPage) -> dict[str, Any]:
    """A submitted round as its page shows it: every criterion of its framework version, then its documents."""
    framework = page.framework
    answers = {answer.criterion_code: answer for answer in page.snapshot.answers}
    rows = []
    for criterion in framework.criteria:
        answer = answers.get(criterion.code)
        level = answer.level if answer else None
        rows.append(
            {
                "criterion_code": criterion.code,
                "area": criterion.area,
                "title": local(criterion.title),
                "level": level,
                "level_label": level_label(framework, level),
                "benchmark": criterion.benchmark,
                "commentary": answer.commentary or "" if answer else "",
            }
        )
    return {
        **snapshot_summary(page.snapshot),
        "application_id": page.snapshot.application_id,
        "framework": framework_ref(framework),
        "at_benchmark": page.card.at_benchmark,
        "total": page.card.total,
        "answers": rows,
        "documents": [
            {
                "file_id": document.document_file_id,
                "kind": document.kind,
                "title": document.title,
                "sha256": document.sha256,
                "criterion_codes": list(document.criterion_codes or []),
            }
            for document in page.snapshot.documents
        ],
    }
