"""What the workflow's guards read about a self-assessment and its documents (``accreditation.applications
.evidence.Evidence``), over the tables. The review's part (judged criteria, the agreed levels' figures) reads the
review of the latest submitted round (``accreditation.review``); until the lead assessor opens it, "not recorded"."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.applications.evidence import Results
from accreditation.applications.guards import MIN_COMMENTARY_CHARS
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.documents import documents_of
from accreditation.assessment.expected_evidence import missing_evidence
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.joints import Joints
from accreditation.models import Application, Document, DocumentFile, SelfAssessment
from accreditation.review.outcome import recommend
from accreditation.review.rounds import framework_of, latest_snapshot, review_of, unjudged
from workflows import Framework


def _self_assessment(application: Application) -> tuple[SelfAssessment | None, Framework | None]:
    workflows = current_workflows()
    self_assessment = db.session.scalar(select(SelfAssessment).where(SelfAssessment.application_id == application.id))
    if self_assessment is not None:
        framework = workflows.frameworks.get(self_assessment.framework_code, self_assessment.framework_version)
        return self_assessment, framework
    return None, workflows.framework_of(workflows.programme(application.programme_code))


class RecordedEvidence:
    """The evidence recorded in the database."""

    def unanswered_criteria(self, application: Application) -> list[str] | None:
        self_assessment, framework = _self_assessment(application)
        if self_assessment is None or framework is None:
            return None
        answered = {a.criterion_code for a in self_assessment.answers if a.level is not None}
        return [local(c.title) for c in framework.criteria if c.code not in answered]

    def short_commentaries(self, application: Application) -> list[str] | None:
        """Criteria claimed at or above their benchmark whose commentary is too short to be reviewed."""
        self_assessment, framework = _self_assessment(application)
        if self_assessment is None or framework is None:
            return None
        short = []
        for answer in self_assessment.answers:
            criterion = framework.criterion(answer.criterion_code)
            if criterion is None or answer.level is None or answer.level < criterion.benchmark:
                continue
            if len((answer.commentary or "").strip()) < MIN_COMMENTARY_CHARS:
                short.append(local(criterion.title))
        return short

    def missing_documents(self, application: Application) -> list[str] | None:
        _, framework = _self_assessment(application)
        if framework is None:
            return None
        uploaded = set(
            db.session.scalars(
                select(Document.kind)
                .join(DocumentFile, DocumentFile.document_id == Document.id)
                .where(Document.application_id == application.id)
                .distinct()
            ).all()
        )
        return [local(kind.title) for kind in framework.required_documents if kind.code not in uploaded]

    def criteria_without_evidence(self, application: Application) -> list[str] | None:
        """Criteria whose expected evidence is missing (a kind with no document of it linked to the criterion)."""
        _, framework = _self_assessment(application)
        if framework is None:
            return None
        return [local(item.criterion.title) for item in missing_evidence(framework, documents_of(application.id))]

    def unjudged_criteria(self, application: Application) -> list[str] | None:
        """Criteria of the latest round without a judgment; None until the lead assessor opens its review."""
        snapshot = latest_snapshot(application.id)
        review = review_of(snapshot)
        if review is None:
            return None
        framework = framework_of(snapshot)
        return [local(framework.criterion(code).title) for code in unjudged(review, framework)]

    def results(self, application: Application) -> Results | None:
        """The agreed levels' figures (share at benchmark, mean level) once every criterion is judged."""
        snapshot = latest_snapshot(application.id)
        review = review_of(snapshot)
        if review is None:
            return None
        framework = framework_of(snapshot)
        if unjudged(review, framework):
            return None
        judgments = {judgment.criterion_code: judgment for judgment in review.judgments}
        figures = recommend(framework, judgments, None)
        return Results(figures.share_at_benchmark, figures.review_score)


def register(joints: Joints) -> None:
    """What the guards read about a self-assessment, its documents and its review: the recorded rows."""
    joints.evidence = RecordedEvidence
