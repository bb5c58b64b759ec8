"""The review page's read model: the round under review as plain rows (SQLAlchemy Core, no ORM entity), cached per
process and checked on every request by one small "stamp" query.

The stamp is what can change under an assessor's eyes: the application's version and state (every transition),
its school's name and place, its latest snapshot (a new round), its reviews (opened, decided), its judgments
(their count and last change: every save moves ``updated_at``) and its assessors (who is lead or moderator). The
cached model is used only while the stamp read in the request's own transaction equals the one it was built
with, so a judgment saved by another worker shows on the very next request, and a write of this request (opening
the round) is seen at once. Everything in the model is a frozen dataclass, a tuple or the engine's own immutable
objects: the template can trigger no lazy load. What depends on the person (their roles, whether they may judge)
and on the request (the criterion and document chosen) is worked out per request from the model.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import Row, bindparam, case, func, select

from accreditation.applications.errors import ApplicationNotFound, NotYours
from accreditation.applications.permissions import actor_roles
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.changes import compared_with_previous_round
from accreditation.extensions import db
from accreditation.models import (
    Application,
    ApplicationAssessor,
    DocumentFile,
    Judgment,
    Review,
    School,
    Snapshot,
    SnapshotAnswer,
    SnapshotDocument,
    SurveySnapshotResult,
    User,
)
from accreditation.models.application import AssessorRole
from accreditation.review.errors import NotReviewable
from accreditation.review.outcome import Recommendation, recommend
from accreditation.review.page_rows import (
    AnswerRow,
    ApplicationRow,
    AssessorRow,
    CriterionRow,
    DocumentRow,
    EvidenceRow,
    FileRow,
    JudgmentRow,
    PreviousRow,
    ReviewRow,
    SchoolRow,
    SnapshotRow,
)
from accreditation.review.page_texts import PageTexts, SurveyRow, page_texts
from accreditation.review.permissions import is_lead, judging_states, may_read_review
from accreditation.review.rounds import opening_event
from accreditation.surveys.snapshots import FrozenView
from workflows import Criterion, Framework, Programme

APPLICATIONS, SCHOOLS, SNAPSHOTS = Application.__table__, School.__table__, Snapshot.__table__
REVIEWS, JUDGMENTS, ASSESSORS = Review.__table__, Judgment.__table__, ApplicationAssessor.__table__
ANSWERS, DOCUMENTS, FILES = SnapshotAnswer.__table__, SnapshotDocument.__table__, DocumentFile.__table__
SURVEYS = SurveySnapshotResult.__table__  # frozen with the snapshot: written once, when the school submits
CACHE_SIZE = 512  # read models kept per process (a few kB each); the least recently used goes first


@dataclass(frozen=True)
class ReviewModel:
    """The round under review, the same for every reader; built from the rows the stamp vouches for."""

    stamp: tuple
    application: ApplicationRow
    snapshot: SnapshotRow | None
    review: ReviewRow | None
    rows: tuple[CriterionRow, ...]
    other_documents: tuple[EvidenceRow, ...]
    evidence: tuple[EvidenceRow, ...]
    recommendation: Recommendation | None
    previous: dict[str, PreviousRow]
    surveys: tuple[SurveyRow, ...] = ()
    judged: int = 0
    texts: dict[str, PageTexts] = field(default_factory=dict, compare=False, repr=False)  # per locale, filled lazily

    def texts_in(self, locale: str, framework: Framework) -> PageTexts:
        """The page's words in ``locale`` (the request's), worked out on the first request in it."""
        found = self.texts.get(locale)
        if found is None:
            found = self.texts.setdefault(locale, page_texts(framework, self.rows, self.previous, self.surveys))
        return found


def _stamp_statement():
    a = APPLICATIONS.c
    judged = select(func.count(JUDGMENTS.c.id), func.max(JUDGMENTS.c.updated_at)).select_from(
        JUDGMENTS.join(REVIEWS, REVIEWS.c.id == JUDGMENTS.c.review_id)
    )
    judged = judged.where(REVIEWS.c.application_id == a.id)
    reviews = select(func.count(REVIEWS.c.id), func.count(REVIEWS.c.decision), func.max(REVIEWS.c.decided_at))
    reviews = reviews.add_columns(func.max(REVIEWS.c.opened_at))
    snapshots = select(func.max(SNAPSHOTS.c.id), func.max(SNAPSHOTS.c.submitted_at))
    snapshots = snapshots.where(SNAPSHOTS.c.application_id == a.id)
    reviews = reviews.where(REVIEWS.c.application_id == a.id)
    lead = case((ASSESSORS.c.role == AssessorRole.LEAD.value, ASSESSORS.c.user_id), else_=0)
    assessors = select(func.count(ASSESSORS.c.id), func.max(ASSESSORS.c.id), func.sum(ASSESSORS.c.user_id))
    assessors = assessors.add_columns(func.sum(lead)).where(ASSESSORS.c.application_id == a.id)

    def scalars(query) -> list:
        return [query.with_only_columns(column).scalar_subquery() for column in query.selected_columns]

    return (
        select(
            a.id,
            a.school_id,
            a.programme_code,
            a.state,
            a.version,
            SCHOOLS.c.name,
            SCHOOLS.c.country_code,
            SCHOOLS.c.region_code,
            a.created_at,  # with the moments below: an id used again (a deleted row) never matches an old model
            *scalars(snapshots),
            *scalars(reviews),
            *scalars(judged),
            *scalars(assessors),
        )
        .join_from(APPLICATIONS, SCHOOLS, SCHOOLS.c.id == a.school_id)
        .where(a.id == _ID)
    )


_ID = bindparam("application_id")
STAMP = _stamp_statement()


def stamp_of(application_id: int) -> Row | None:
    """The stamp row (one query): the application's columns the page reads and what may have changed."""
    return db.session.connection().execute(STAMP, {"application_id": application_id}).first()  # Core: no ORM step


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.models: OrderedDict[int, ReviewModel] = OrderedDict()

    def get(self, application_id: int, stamp: tuple) -> ReviewModel | None:
        with self.lock:
            model = self.models.get(application_id)
            if model is None or model.stamp != stamp:
                return None
            self.models.move_to_end(application_id)
            return model

    def put(self, model: ReviewModel) -> None:
        with self.lock:
            self.models[model.application.id] = model
            self.models.move_to_end(model.application.id)
            while len(self.models) > CACHE_SIZE:
                self.models.popitem(last=False)


def _cache() -> _Cache:
    return current_app.extensions.setdefault("review_read_models", _Cache())


def review_model(application_id: int) -> ReviewModel:
    """The read model of the application's round under review, from the cache while its stamp holds
    (ApplicationNotFound when there is no such application)."""
    row = stamp_of(application_id)
    if row is None:
        raise ApplicationNotFound(application_id)
    stamp = tuple(row)
    cache = _cache()
    model = cache.get(application_id, stamp)
    if model is None:
        model = _build(stamp)
        cache.put(model)
    return model


def _build(stamp: tuple) -> ReviewModel:
    application_id, school_id, programme_code, state, version, name, country, region = stamp[:8]
    assessors = db.session.execute(
        select(ASSESSORS.c.user_id, ASSESSORS.c.role)
        .where(ASSESSORS.c.application_id == application_id)
        .order_by(ASSESSORS.c.id)
    ).all()
    application = ApplicationRow(
        application_id,
        school_id,
        programme_code,
        state,
        version,
        SchoolRow(school_id, name, country, region),
        tuple(AssessorRow(user_id, role) for user_id, role in assessors),
    )
    snapshot_row = db.session.execute(
        select(SNAPSHOTS.c.id, SNAPSHOTS.c.round, SNAPSHOTS.c.framework_code, SNAPSHOTS.c.framework_version)
        .where(SNAPSHOTS.c.application_id == application_id)
        .order_by(SNAPSHOTS.c.round.desc())
        .limit(1)
    ).first()
    if snapshot_row is None:
        return ReviewModel(stamp, application, None, None, (), (), (), None, {})
    snapshot = SnapshotRow(*snapshot_row)
    framework = current_workflows().frameworks.get(snapshot.framework_code, snapshot.framework_version)
    programme = current_workflows().programme(programme_code)
    return _round(stamp, application, snapshot, framework, programme)


def _round(
    stamp: tuple, application: ApplicationRow, snapshot: SnapshotRow, framework: Framework, programme: Programme
) -> ReviewModel:
    answers = {
        code: AnswerRow(level, commentary or "")
        for code, level, commentary in db.session.execute(
            select(ANSWERS.c.criterion_code, ANSWERS.c.level, ANSWERS.c.commentary).where(
                ANSWERS.c.snapshot_id == snapshot.id
            )
        )
    }
    evidence = tuple(
        EvidenceRow(file_id, DocumentRow(title, kind, tuple(codes or ())), FileRow(filename, media_type))
        for file_id, title, kind, codes, filename, media_type in db.session.execute(
            select(
                FILES.c.id,
                DOCUMENTS.c.title,
                DOCUMENTS.c.kind,
                DOCUMENTS.c.criterion_codes,
                FILES.c.filename,
                FILES.c.media_type,
            )
            .join_from(DOCUMENTS, FILES, FILES.c.id == DOCUMENTS.c.document_file_id)
            .where(DOCUMENTS.c.snapshot_id == snapshot.id)
            .order_by(DOCUMENTS.c.id)
        )
    )
    review_row = db.session.execute(
        select(REVIEWS.c.id, REVIEWS.c.scope, REVIEWS.c.decision).where(REVIEWS.c.snapshot_id == snapshot.id)
    ).first()
    review = ReviewRow(*review_row) if review_row is not None else None
    judgments: dict[str, JudgmentRow] = {}
    if review is not None:
        judgments = {row.criterion_code: row for row in _judgments(JUDGMENTS.c.review_id == review.id)}
    rows = tuple(
        CriterionRow(
            criterion,
            answers.get(criterion.code),
            judgments.get(criterion.code),
            tuple(e for e in evidence if _supports(e.snapshot_document, criterion)),
        )
        for criterion in framework.criteria
    )
    recommendation = None
    if review is not None and all(criterion.code in judgments for criterion in framework.criteria):
        recommendation = recommend(framework, judgments, programme.awards)
    surveys = db.session.execute(
        select(SURVEYS.c.criterion_code, SURVEYS.c.audience, SURVEYS.c.responses, SURVEYS.c.mean)
        .where(SURVEYS.c.snapshot_id == snapshot.id, SURVEYS.c.mean.is_not(None))
        .order_by(SURVEYS.c.id)
    )
    return ReviewModel(
        stamp=stamp,
        application=application,
        snapshot=snapshot,
        review=review,
        rows=rows,
        other_documents=tuple(
            e for e in evidence if not any(_supports(e.snapshot_document, c) for c in framework.criteria)
        ),
        evidence=evidence,
        recommendation=recommendation,
        previous=_previous(snapshot, framework),
        surveys=tuple(SurveyRow(*row) for row in surveys),
        judged=sum(1 for row in rows if row.judgment is not None),
    )


def _judgments(condition: Any) -> list[JudgmentRow]:
    j = JUDGMENTS.c
    columns = (j.criterion_code, j.claimed_level, j.verdict, j.level, j.comment, j.gap, j.carried_from_round)
    query = select(*columns, j.updated_at).where(condition)
    return [JudgmentRow(*row[:4], row[4] or "", *row[5:]) for row in db.session.execute(query)]


def _previous(snapshot: SnapshotRow, framework: Framework) -> dict[str, PreviousRow]:
    """The round before, as ``assessment.changes.compared_with_previous_round`` gives it, turned into rows (the
    first round: nothing, without the ORM)."""
    if snapshot.round <= 1:
        return {}
    entity = db.session.get(Snapshot, snapshot.id)
    return {
        code: PreviousRow(
            before.round, JudgmentRow.copy_of(before.judgment) if before.judgment is not None else None, before.change
        )
        for code, before in compared_with_previous_round(entity, framework).items()
    }


def _supports(document: DocumentRow, criterion: Criterion) -> bool:
    """A document is evidence for a criterion the school linked it to, or when it is a kind the criterion expects
    (as ``review.reads``)."""
    return criterion.code in document.criterion_codes or document.kind in criterion.documents


# --- the page for one person and request ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewView:
    """The review page for one person: the shared model, their roles, the criterion and document chosen."""

    model: ReviewModel
    programme: Programme
    framework: Framework
    roles: frozenset[str]
    selected: CriterionRow
    shown: EvidenceRow | None
    editable: bool
    opens_on_visit: bool  # the lead assessor's first visit fires the event that opens the review
    needs_round: bool  # the lead assessor, judging, and the round's review not opened yet

    application = property(lambda self: self.model.application)
    snapshot = property(lambda self: self.model.snapshot)
    review = property(lambda self: self.model.review)
    rows = property(lambda self: self.model.rows)
    other_documents = property(lambda self: self.model.other_documents)
    recommendation = property(lambda self: self.model.recommendation)
    previous = property(lambda self: self.model.previous)
    judged = property(lambda self: self.model.judged)

    @property
    def texts(self) -> PageTexts:
        """The page's words in the request's language (the list of criteria, the level choices, the surveys)."""
        return self.model.texts_in(str(get_locale()), self.framework)

    def survey_views(self, criterion_code: str) -> tuple[FrozenView, ...]:
        """The audiences' views of the criterion frozen with the round (those with enough respondents)."""
        return self.texts.community.get(criterion_code, ())

    def next_row(self) -> CriterionRow | None:
        """The next criterion without a judgment after the selected one (wrapping round), if any."""
        rows = list(self.rows)
        index = rows.index(self.selected)
        return next((row for row in rows[index + 1 :] + rows[:index] if row.judgment is None), None)


def review_view(
    application_id: int, user: User, criterion_code: str | None = None, document_id: int | None = None
) -> ReviewView:
    """The round under review for ``user`` (the assigned assessors and the coordinators; others: NotYours), read
    through the cached model: one stamp query when nothing changed. Writes nothing."""
    model = review_model(application_id)
    roles = actor_roles(user, model.application)
    if not roles or not may_read_review(roles):
        raise NotYours(application_id)
    programme = current_workflows().programme(model.application.programme_code)
    lead = is_lead(model.application, user)
    opens = lead and opening_event(programme, model.application.state) is not None
    if model.snapshot is None:  # (an opening event fired now would be rolled back with this refusal)
        raise NotReviewable(_("The school has not submitted a self-assessment to review yet."))
    snapshot = model.snapshot
    framework = current_workflows().frameworks.get(snapshot.framework_code, snapshot.framework_version)
    judging = model.application.state in judging_states(programme)
    rows = model.rows
    selected = next((row for row in rows if row.criterion.code == criterion_code), None)
    if selected is None:
        selected = next((row for row in rows if row.judgment is None), rows[0])
    shown = next((e for e in model.evidence if e.id == document_id), None)
    if shown is None:
        shown = next((e for e in selected.documents if e.is_pdf), None)
    review = model.review
    return ReviewView(
        model=model,
        programme=programme,
        framework=framework,
        roles=roles,
        selected=selected,
        shown=shown,
        editable=bool(lead and judging and (review is None or not review.is_decided)),
        opens_on_visit=opens,
        needs_round=bool(lead and judging and review is None),
    )
