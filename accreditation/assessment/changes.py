"""The return-for-changes loop: what the assessor asked the school to change, whether the school has addressed
each item, and what changed between two rounds.

A round returned for changes is the latest decided review when its decision is ``changes_requested`` and the school
has not submitted again since. Its items are the criteria judged in that round without agreement (the same rule as
the decision's list, ``review.decisions.change_items``). An item is *addressed* once the school's current answer
differs from what it submitted in that round: another level, another commentary, or other documents for the
criterion (a new version, a new document, one linked or unlinked). The same comparison, between two submitted
rounds, is what the assessor sees in the next round.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accreditation.applications.runtime import current_workflows
from accreditation.assessment.documents import documents_of
from accreditation.assessment.errors import AssessmentError
from accreditation.assessment.permissions import SELF_ASSESSMENT_GUARD, editable_states
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import (
    Application,
    Document,
    Judgment,
    Review,
    SelfAssessment,
    Snapshot,
    TransitionRecord,
)
from accreditation.models.review import Decision, Verdict
from workflows import Criterion, Framework


@dataclass(frozen=True)
class DocumentRef:
    """One document version as evidence for a criterion: its title and the stored file."""

    title: str
    file_id: int


@dataclass(frozen=True)
class CriterionChange:
    """One criterion in two rounds (or a round and the answer now): level, commentary, documents, before and after."""

    level_before: int | None
    level_after: int | None
    commentary_before: str
    commentary_after: str
    documents_before: tuple[DocumentRef, ...]
    documents_after: tuple[DocumentRef, ...]

    @property
    def level_changed(self) -> bool:
        return self.level_before != self.level_after

    @property
    def commentary_changed(self) -> bool:
        return self.commentary_before.strip() != self.commentary_after.strip()

    @property
    def documents_changed(self) -> bool:
        return {d.file_id for d in self.documents_before} != {d.file_id for d in self.documents_after}

    @property
    def any(self) -> bool:
        return self.level_changed or self.commentary_changed or self.documents_changed

    @property
    def documents_added(self) -> list[DocumentRef]:
        before = {d.file_id for d in self.documents_before}
        return [d for d in self.documents_after if d.file_id not in before]

    @property
    def documents_removed(self) -> list[DocumentRef]:
        after = {d.file_id for d in self.documents_after}
        return [d for d in self.documents_before if d.file_id not in after]


@dataclass(frozen=True)
class RequestedChange:
    """A criterion the assessor found wanting, with the judgment (its comment) and what the school changed since."""

    criterion: Criterion
    judgment: Judgment
    change: CriterionChange

    @property
    def addressed(self) -> bool:
        return self.change.any


@dataclass(frozen=True)
class ReturnedRound:
    """A round returned to the school for changes and not submitted again yet."""

    review: Review
    record: TransitionRecord | None  # the decision (its general comment)
    items: list[RequestedChange]

    @property
    def unaddressed(self) -> list[RequestedChange]:
        return [item for item in self.items if not item.addressed]

    def item(self, criterion_code: str) -> RequestedChange | None:
        return next((item for item in self.items if item.criterion.code == criterion_code), None)

    def in_area(self, area_code: str) -> list[RequestedChange]:
        return [item for item in self.items if item.criterion.area == area_code]


class UnaddressedItems(AssessmentError):
    """A resubmission with items the assessor asked about left as they were, without the school's confirmation."""

    status = 422

    def __init__(self, titles: list[str], codes: list[str] | None = None) -> None:
        super().__init__(
            _(
                "You have not changed anything yet for some of the points the assessor raised. Change them, or tick "
                "the box to confirm that you want to send your self-assessment as it is."
            ),
            titles,
        )
        self.codes = codes or []  # the untouched criteria's codes (the API lists them)


def supports(kind: str, criterion_codes: Iterable[str], criterion: Criterion) -> bool:
    """A document is evidence for a criterion the school linked it to, or when it is a kind the criterion expects."""
    return criterion.code in set(criterion_codes or ()) or kind in criterion.documents


def wanting(review: Review, framework: Framework) -> list[tuple[Criterion, Judgment]]:
    """The criteria judged in ``review`` without agreement (not carried over), in the framework's order."""
    found = []
    for criterion in framework.criteria:
        judgment = review.judgment(criterion.code)
        if judgment is None or judgment.carried_over or judgment.verdict == Verdict.AGREE:
            continue
        found.append((criterion, judgment))
    return found


def _snapshot_documents(snapshot: Snapshot, criterion: Criterion) -> tuple[DocumentRef, ...]:
    return tuple(
        DocumentRef(document.title, document.document_file_id)
        for document in snapshot.documents
        if supports(document.kind, document.criterion_codes, criterion)
    )


def _current_documents(documents: list[Document], criterion: Criterion) -> tuple[DocumentRef, ...]:
    return tuple(
        DocumentRef(document.title, document.latest.id)
        for document in documents
        if document.latest is not None and supports(document.kind, document.criterion_codes, criterion)
    )


def between_rounds(before: Snapshot, after: Snapshot, criterion: Criterion) -> CriterionChange:
    """What changed for ``criterion`` from one submitted round to a later one."""
    old = next((a for a in before.answers if a.criterion_code == criterion.code), None)
    new = next((a for a in after.answers if a.criterion_code == criterion.code), None)
    return CriterionChange(
        level_before=old.level if old else None,
        level_after=new.level if new else None,
        commentary_before=old.commentary if old else "",
        commentary_after=new.commentary if new else "",
        documents_before=_snapshot_documents(before, criterion),
        documents_after=_snapshot_documents(after, criterion),
    )


def _latest_review(application_id: int) -> Review | None:
    return db.session.scalar(
        select(Review)
        .where(Review.application_id == application_id, Review.decision.is_not(None))
        .options(selectinload(Review.judgments))
        .order_by(Review.round.desc())
        .limit(1)
    )


def _framework(snapshot: Snapshot) -> Framework:
    return current_workflows().frameworks.get(snapshot.framework_code, snapshot.framework_version)


def returned_round(application: Application) -> ReturnedRound | None:
    """The round returned to the school for changes, with each item and whether it is addressed; None when the
    application is not waiting for the school's changes."""
    programme = current_workflows().programme(application.programme_code)
    if application.state not in editable_states(programme):
        return None
    review = _latest_review(application.id)
    if review is None or review.decision != Decision.CHANGES_REQUESTED:
        return None
    snapshot = db.session.get(Snapshot, review.snapshot_id)
    latest_round = db.session.scalar(
        select(Snapshot.round).where(Snapshot.application_id == application.id).order_by(Snapshot.round.desc())
    )
    if snapshot is None or latest_round != snapshot.round:
        return None
    framework = _framework(snapshot)
    self_assessment = db.session.scalar(select(SelfAssessment).where(SelfAssessment.application_id == application.id))
    answers = {a.criterion_code: a for a in self_assessment.answers} if self_assessment else {}
    documents = documents_of(application.id)
    items = []
    for criterion, judgment in wanting(review, framework):
        old = next((a for a in snapshot.answers if a.criterion_code == criterion.code), None)
        now = answers.get(criterion.code)
        change = CriterionChange(
            level_before=old.level if old else None,
            level_after=now.level if now else None,
            commentary_before=old.commentary if old else "",
            commentary_after=now.commentary if now else "",
            documents_before=_snapshot_documents(snapshot, criterion),
            documents_after=_current_documents(documents, criterion),
        )
        items.append(RequestedChange(criterion, judgment, change))
    record = db.session.scalar(
        select(TransitionRecord).where(
            TransitionRecord.application_id == application.id,
            TransitionRecord.version == review.decision_version,
        )
    )
    return ReturnedRound(review, record, items)


def check_resubmission(application: Application, confirmed: bool) -> None:
    """UnaddressedItems when the school sends its self-assessment back with items it has not touched, unless it
    confirmed that it means to."""
    returned = returned_round(application)
    if returned is None or confirmed or not returned.unaddressed:
        return
    raise UnaddressedItems(
        [local(item.criterion.title) for item in returned.unaddressed],
        [item.criterion.code for item in returned.unaddressed],
    )


def check_sending(application: Application, event: str, roles: frozenset[str], confirmed: bool) -> None:
    """The resubmission rule wherever the school sends its self-assessment (the page, the API): firing an event that
    sends it (one guarded by the self-assessment's completeness) with returned items untouched and no confirmation
    raises UnaddressedItems. Someone who may not fire the event is left to ``fire``, which says so."""
    definition = current_workflows().programme(application.programme_code).events.get(event)
    if definition is None or SELF_ASSESSMENT_GUARD not in definition.guards or not roles & definition.roles:
        return
    check_resubmission(application, confirmed)


@dataclass(frozen=True)
class PreviousJudgment:
    """For the assessor in a later round: the criterion's judgment in the round before and what the school changed."""

    round: int
    judgment: Judgment | None
    change: CriterionChange


def compared_with_previous_round(snapshot: Snapshot, framework: Framework) -> dict[str, PreviousJudgment]:
    """Per criterion code, the previous round's judgment and what changed since (empty in the first round)."""
    before = db.session.scalar(
        select(Snapshot)
        .where(Snapshot.application_id == snapshot.application_id, Snapshot.round < snapshot.round)
        .order_by(Snapshot.round.desc())
        .limit(1)
    )
    if before is None:
        return {}
    review = db.session.scalar(
        select(Review).where(Review.snapshot_id == before.id).options(selectinload(Review.judgments))
    )
    return {
        criterion.code: PreviousJudgment(
            before.round,
            review.judgment(criterion.code) if review is not None else None,
            between_rounds(before, snapshot, criterion),
        )
        for criterion in framework.criteria
    }
