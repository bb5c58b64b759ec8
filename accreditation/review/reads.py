"""Reads for the review pages: the round under review criterion by criterion beside its evidence, the school's
feedback (decided rounds only, never the draft), and the coordinator's assignment panel (the decision page's read is
``decision_page``). No writes here, except that the lead assessor opening the review page opens the round's review."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from accreditation.applications.errors import NotYours
from accreditation.assessment.changes import PreviousJudgment, compared_with_previous_round
from accreditation.extensions import db
from accreditation.models import (
    Application,
    AssessorAssignment,
    AssessorConflict,
    DocumentFile,
    Judgment,
    Review,
    Snapshot,
    SnapshotAnswer,
    SnapshotDocument,
    TransitionRecord,
    User,
)
from accreditation.models.application import AssessorRole
from accreditation.review.assignment import Proposal, assignment_history, ineligibility, propose
from accreditation.review.conflicts import MAX_NOTE_CHARS, MIN_WITHDRAWAL_CHARS, conflicts_with
from accreditation.review.errors import NotReviewable
from accreditation.review.judgments import revision_of
from accreditation.review.outcome import Recommendation, recommend
from accreditation.review.permissions import (
    is_lead,
    judging_states,
    may_read_feedback,
    may_read_review,
)
from accreditation.review.rounds import (
    framework_of,
    latest_snapshot,
    open_review,
    review_context,
    review_of,
    reviews_of,
    unjudged,
)
from accreditation.review.visits import VisitStanding, visit_standing
from workflows import Criterion, Framework, Programme
from workflows.roles import SCHOOL_ADMIN, SCHOOL_STAFF


@dataclass(frozen=True)
class EvidenceFile:
    """A document of the round, as frozen in the snapshot, with the stored version's type."""

    snapshot_document: SnapshotDocument
    file: DocumentFile

    @property
    def id(self) -> int:
        return self.file.id

    @property
    def is_pdf(self) -> bool:
        return self.file.media_type == "application/pdf"


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    answer: SnapshotAnswer | None
    judgment: Judgment | None
    documents: list[EvidenceFile]

    @property
    def claimed(self) -> int | None:
        return self.answer.level if self.answer is not None else None

    @property
    def revision(self) -> int:
        """The judgment's revision, which a save names (0: not judged yet)."""
        return revision_of(self.judgment)

    @property
    def status(self) -> str:
        if self.judgment is None:
            return "todo"
        return "carried" if self.judgment.carried_over else "judged"


@dataclass(frozen=True)
class ReviewPage:
    application: Application
    programme: Programme
    roles: frozenset[str]
    snapshot: Snapshot
    framework: Framework
    review: Review | None
    rows: list[CriterionRow]
    selected: CriterionRow
    shown: EvidenceFile | None
    other_documents: list[EvidenceFile]
    editable: bool
    recommendation: Recommendation | None
    previous: dict[str, PreviousJudgment] = field(default_factory=dict)  # criterion -> the round before, what changed

    @property
    def judged(self) -> int:
        return sum(1 for row in self.rows if row.judgment is not None)

    def next_row(self) -> CriterionRow | None:
        """The next criterion without a judgment after the selected one (wrapping round), if any."""
        index = self.rows.index(self.selected)
        for row in self.rows[index + 1 :] + self.rows[:index]:
            if row.judgment is None:
                return row
        return None


def _evidence(snapshot: Snapshot) -> list[EvidenceFile]:
    """The round's documents with their stored versions, in one query."""
    rows = db.session.execute(
        select(SnapshotDocument, DocumentFile)
        .join(DocumentFile, DocumentFile.id == SnapshotDocument.document_file_id)
        .where(SnapshotDocument.snapshot_id == snapshot.id)
        .order_by(SnapshotDocument.id)
    ).all()
    return [EvidenceFile(document, file) for document, file in rows]


def _supports(document: SnapshotDocument, criterion: Criterion) -> bool:
    """A document is evidence for a criterion the school linked it to, or when it is a kind the criterion expects."""
    return criterion.code in (document.criterion_codes or []) or document.kind in criterion.documents


def review_page(
    application_id: int,
    user: User,
    criterion_code: str | None = None,
    document_id: int | None = None,
    open_round: bool = True,
) -> ReviewPage:
    """The round under review for ``user`` (the assigned assessors and the coordinators; the school: NotYours).
    The lead assessor opening it in a judging state opens the round's review (the caller commits), unless
    ``open_round`` is false (a read that must not write: the round then opens with its first judgment)."""
    application, roles, programme = review_context(application_id, user)
    if not may_read_review(roles):
        raise NotYours(application_id)
    snapshot = latest_snapshot(application.id)
    if snapshot is None:
        raise NotReviewable(_("The school has not submitted a self-assessment to review yet."))
    framework = framework_of(snapshot)
    judging = application.state in judging_states(programme)
    lead = is_lead(application, user)
    review = review_of(snapshot)
    if review is None and judging and lead and open_round:
        review = open_review(application, programme, user)
    answers = {answer.criterion_code: answer for answer in snapshot.answers}
    evidence = _evidence(snapshot)
    judgments = {j.criterion_code: j for j in review.judgments} if review is not None else {}
    rows = [
        CriterionRow(
            criterion,
            answers.get(criterion.code),
            judgments.get(criterion.code),
            [e for e in evidence if _supports(e.snapshot_document, criterion)],
        )
        for criterion in framework.criteria
    ]
    selected = next((row for row in rows if row.criterion.code == criterion_code), None)
    if selected is None:
        selected = next((row for row in rows if row.judgment is None), rows[0])
    shown = next((e for e in evidence if e.id == document_id), None)
    if shown is None:
        shown = next((e for e in selected.documents if e.is_pdf), None)
    recommendation = None
    if review is not None and not unjudged(review, framework):
        recommendation = recommend(framework, judgments, programme.awards)
    return ReviewPage(
        application=application,
        programme=programme,
        roles=roles,
        snapshot=snapshot,
        framework=framework,
        review=review,
        rows=rows,
        selected=selected,
        shown=shown,
        other_documents=[e for e in evidence if not any(_supports(e.snapshot_document, c) for c in framework.criteria)],
        editable=bool(lead and judging and (review is None or not review.is_decided)),
        recommendation=recommendation,
        previous=compared_with_previous_round(snapshot, framework),
    )


# --- the school's feedback -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackRow:
    criterion: Criterion
    answer: SnapshotAnswer | None
    judgment: Judgment | None


@dataclass(frozen=True)
class FeedbackRound:
    review: Review
    framework: Framework
    rows: list[FeedbackRow]
    record: TransitionRecord | None  # the decision's transition record (its comment, its items)


@dataclass(frozen=True)
class FeedbackPage:
    application: Application
    programme: Programme
    rounds: list[FeedbackRound]
    visit: VisitStanding | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def for_school(self) -> bool:
        """Read by the school's members: its rows lead to their self-assessment, not to the review."""
        return bool(self.roles & {SCHOOL_ADMIN, SCHOOL_STAFF})


def feedback_page(application_id: int, user: User) -> FeedbackPage:
    """Every decided round of review with its judgments and comments, newest first: never the draft."""
    application, roles, programme = review_context(application_id, user)
    if not may_read_feedback(roles):
        raise NotYours(application_id)
    rounds = []
    for review in reversed(reviews_of(application.id, decided_only=True)):
        snapshot = db.session.get(Snapshot, review.snapshot_id)
        framework = framework_of(snapshot)
        answers = {answer.criterion_code: answer for answer in snapshot.answers}
        record = db.session.scalar(
            select(TransitionRecord).where(
                TransitionRecord.application_id == application.id,
                TransitionRecord.version == review.decision_version,
            )
        )
        rows = [
            FeedbackRow(criterion, answers.get(criterion.code), review.judgment(criterion.code))
            for criterion in framework.criteria
        ]
        rounds.append(FeedbackRound(review, framework, rows, record))
    return FeedbackPage(application, programme, rounds, visit_standing(application, programme), roles)


def visit_of(application_id: int, user: User) -> tuple[Application, Programme, VisitStanding | None]:
    """The application's site visit as it stands (or its cancellation), for those who may read the feedback (the
    school, its assessors, the coordinators of its region, admins)."""
    application, roles, programme = review_context(application_id, user)
    if not may_read_feedback(roles):
        raise NotYours(application_id)
    return application, programme, visit_standing(application, programme)


# --- the coordinator's assignment panel on the application page ----------------------------------------------------


@dataclass(frozen=True)
class AssignmentPanel:
    proposals: list[Proposal]
    history: list[AssessorAssignment]
    conflicts: list[AssessorConflict]  # standing ones: they bar the assessor
    withdrawn_conflicts: list[AssessorConflict]  # history
    warnings: list[str]  # current assignees who are no longer eligible (e.g. a conflict recorded since)
    assessors: list[User]  # for recording a conflict
    withdrawal_reason_chars: tuple[int, int] = (MIN_WITHDRAWAL_CHARS, MAX_NOTE_CHARS)  # the form's limits


def assignment_panel(application: Application) -> AssignmentPanel:
    lead = propose(application, AssessorRole.LEAD.value)
    # Until a lead is assigned, the two proposals name two people: the moderator must be a second assessor.
    has_lead = any(assignment.role == AssessorRole.LEAD for assignment in application.assessors)
    proposals = [lead, propose(application, AssessorRole.MODERATOR.value, beside=None if has_lead else lead)]
    warnings = []
    for assignment in application.assessors:
        for reason in ineligibility(application, assignment.user, assignment.role):
            warnings.append(reason)
    assessors = _assessors_of(proposals)
    conflicts = conflicts_with(application.school_id)
    return AssignmentPanel(
        proposals=proposals,
        history=assignment_history(application.id),
        conflicts=[c for c in conflicts if c.standing],
        withdrawn_conflicts=[c for c in conflicts if not c.standing],
        warnings=warnings,
        assessors=assessors,
    )


def _assessors_of(proposals: list[Proposal]) -> list[User]:
    found: dict[int, User] = {}
    for item in proposals:
        if item.chosen is not None:
            found[item.chosen.assessor.id] = item.chosen.assessor
        for candidate, _reason in item.others:
            found[candidate.assessor.id] = candidate.assessor
    return sorted(found.values(), key=lambda user: (user.name.casefold(), user.id))
