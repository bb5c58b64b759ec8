"""The plain rows of the review page's read model (``review/page_model.py``): frozen dataclasses and tuples, never
ORM entities, so a template reading them can trigger no lazy load."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accreditation.assessment.changes import CriterionChange
from accreditation.review.judgments import EPOCH
from workflows import Criterion

_MICROSECOND = datetime.resolution


@dataclass(frozen=True)
class SchoolRow:
    id: int
    name: str
    country_code: str
    region_code: str


@dataclass(frozen=True)
class AssessorRow:
    user_id: int
    role: str


@dataclass(frozen=True)
class ApplicationRow:
    """What the page and the role check read of the application (``actor_roles`` and ``is_lead`` take it)."""

    id: int
    school_id: int
    programme_code: str
    state: str
    version: int
    school: SchoolRow
    assessors: tuple[AssessorRow, ...]


@dataclass(frozen=True)
class SnapshotRow:
    id: int
    round: int
    framework_code: str
    framework_version: int


@dataclass(frozen=True)
class AnswerRow:
    level: int | None
    commentary: str


@dataclass(frozen=True)
class JudgmentRow:
    criterion_code: str
    claimed_level: int | None
    verdict: str
    level: int | None
    comment: str
    gap: str | None
    carried_from_round: int | None
    updated_at: datetime

    @property
    def carried_over(self) -> bool:
        return self.carried_from_round is not None

    @classmethod
    def copy_of(cls, judgment: Any) -> JudgmentRow:
        """A frozen copy of a judgment (an ORM ``Judgment``, read once when the model is built)."""
        j = judgment
        return cls(
            j.criterion_code,
            j.claimed_level,
            j.verdict,
            j.level,
            j.comment or "",
            j.gap,
            j.carried_from_round,
            j.updated_at,
        )


@dataclass(frozen=True)
class ReviewRow:
    id: int
    scope: str
    decision: str | None

    @property
    def is_decided(self) -> bool:
        return self.decision is not None


@dataclass(frozen=True)
class DocumentRow:
    title: str
    kind: str
    criterion_codes: tuple[str, ...]


@dataclass(frozen=True)
class FileRow:
    filename: str
    media_type: str


@dataclass(frozen=True)
class EvidenceRow:
    """A document of the round as frozen in the snapshot, with its stored version (the file's id is its id)."""

    id: int
    snapshot_document: DocumentRow
    file: FileRow

    @property
    def is_pdf(self) -> bool:
        return self.file.media_type == "application/pdf"


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    answer: AnswerRow | None
    judgment: JudgmentRow | None
    documents: tuple[EvidenceRow, ...]

    @property
    def claimed(self) -> int | None:
        return self.answer.level if self.answer is not None else None

    @property
    def revision(self) -> int:
        """The judgment's revision, which a save names (0: not judged yet); as ``judgments.revision_of``."""
        return 0 if self.judgment is None else (self.judgment.updated_at - EPOCH) // _MICROSECOND

    @property
    def status(self) -> str:
        if self.judgment is None:
            return "todo"
        return "carried" if self.judgment.carried_over else "judged"


@dataclass(frozen=True)
class PreviousRow:
    round: int
    judgment: JudgmentRow | None
    change: CriterionChange
