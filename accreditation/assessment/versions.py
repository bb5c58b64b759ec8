"""Moving open self-assessments to a newer framework version. A version names the one it replaces and maps old
criterion codes to new ones; publishing it moves, through each mapping in turn, the answers, the documents'
criteria and the ticked actions of every self-assessment a school is still working on. Submitted snapshots stay
on their version, and so do self-assessments under review (their snapshot is what is being judged).

Answers are rewritten with a new revision, so a page still open on the old version gets a conflict warning rather
than overwriting the moved answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select

from accreditation.applications.runtime import current_workflows
from accreditation.assessment.permissions import editable_states
from accreditation.extensions import db
from accreditation.models import ActionTick, Answer, Application, Document, DocumentCriterion, SelfAssessment
from accreditation.models.time import utcnow
from workflows import Framework


@dataclass
class PublishReport:
    framework: Framework
    moved: list[int] = field(default_factory=list)  # applications whose self-assessment moved
    left: list[int] = field(default_factory=list)  # open applications left on their version (submitted, in review)
    answers_dropped: int = 0


def _code_map(versions: list[Framework], codes: set[str]) -> dict[str, str | None]:
    """Old code -> code in the last of ``versions`` (None: dropped on the way)."""
    mapping: dict[str, str | None] = {}
    for code in codes:
        current: str | None = code
        for version in versions:
            if current is None:
                break
            current = version.replaces.new_code(current, [c.code for c in version.criteria])
        mapping[code] = current
    return mapping


def publish_framework(code: str, version: int | None = None) -> PublishReport:
    """Move every self-assessment of ``code`` that a school is still working on to ``version`` (default: the
    newest). Idempotent; flushes, the caller commits. KeyError for an unknown framework or version."""
    frameworks = current_workflows().frameworks
    target = frameworks.current(code) if version is None else frameworks.get(code, version)
    report = PublishReport(target)
    rows = db.session.execute(
        select(SelfAssessment, Application)
        .join(Application, Application.id == SelfAssessment.application_id)
        .where(
            SelfAssessment.framework_code == code,
            SelfAssessment.framework_version < target.version,
            Application.is_open,
        )
        .order_by(Application.id)
        .with_for_update(of=SelfAssessment)
    ).all()
    workflows = current_workflows()
    for self_assessment, application in rows:
        programme = workflows.programme(application.programme_code)
        if application.state not in editable_states(programme):
            report.left.append(application.id)
            continue
        report.answers_dropped += _move(
            self_assessment, application, frameworks.path(code, self_assessment.framework_version, target.version)
        )
        report.moved.append(application.id)
    db.session.flush()
    return report


def _move(self_assessment: SelfAssessment, application: Application, versions: list[Framework]) -> int:
    target = versions[-1]
    answers = list(self_assessment.answers)
    mapping = _code_map(versions, {answer.criterion_code for answer in answers})
    merged: dict[str, dict] = {}
    dropped = 0
    for answer in sorted(answers, key=lambda a: a.criterion_code):
        new_code = mapping[answer.criterion_code]
        if new_code is None:
            dropped += 1
            continue
        level = answer.level if answer.level in target.scale else None
        if new_code in merged:  # two old criteria became one: keep the higher level, both commentaries
            kept = merged[new_code]
            kept["level"] = max(filter(None, [kept["level"], level]), default=None)
            kept["commentary"] = "\n\n".join(t for t in (kept["commentary"], answer.commentary) if t)
            kept["revision"] = max(kept["revision"], answer.revision + 1)
            continue
        merged[new_code] = {
            "level": level,
            "commentary": answer.commentary,
            "revision": answer.revision + 1,
            "updated_by_id": answer.updated_by_id,
        }
    db.session.execute(delete(Answer).where(Answer.self_assessment_id == self_assessment.id))
    db.session.expire(self_assessment, ["answers"])
    now = utcnow()
    db.session.add_all(
        Answer(self_assessment_id=self_assessment.id, criterion_code=code, updated_at=now, **values)
        for code, values in merged.items()
    )
    _move_document_links(application.id, versions)
    _move_ticks(application.id, versions)
    self_assessment.framework_version = target.version
    self_assessment.updated_at = now
    return dropped


def _move_document_links(application_id: int, versions: list[Framework]) -> None:
    links = db.session.scalars(
        select(DocumentCriterion).join(Document).where(Document.application_id == application_id)
    ).all()
    mapping = _code_map(versions, {link.criterion_code for link in links})
    seen: set[tuple[int, str]] = set()
    for link in links:
        new_code = mapping[link.criterion_code]
        if new_code is None or (link.document_id, new_code) in seen:
            db.session.delete(link)
            continue
        seen.add((link.document_id, new_code))
        link.criterion_code = new_code
    db.session.flush()


def _move_ticks(application_id: int, versions: list[Framework]) -> None:
    """Ticks follow their criterion; one whose action no longer exists in the new version is removed."""
    target = versions[-1]
    ticks = db.session.scalars(select(ActionTick).where(ActionTick.application_id == application_id)).all()
    mapping = _code_map(versions, {tick.action_key.split("/", 1)[0] for tick in ticks})
    keys: set[str] = set()
    for tick in ticks:
        criterion, rest = tick.action_key.split("/", 1)
        new_code = mapping[criterion]
        new_key = f"{new_code}/{rest}" if new_code else None
        if new_key is None or target.action(new_key) is None or new_key in keys:
            db.session.delete(tick)
            continue
        keys.add(new_key)
        tick.action_key = new_key
    db.session.flush()
