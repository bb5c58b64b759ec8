"""The evidence a framework expects, against the documents a school uploaded.

Each criterion names the kinds of document expected as its evidence (``documents:`` in the framework file); read
the other way round, that is the mapping of a kind to the criteria expecting it. A criterion's expected evidence
is *provided* for a kind when a document of that kind is linked to the criterion (what the assessor reads beside
it); otherwise it is *missing*. The framework's order of ``documents`` is the order every list follows.

Pure reads over the framework and the documents given; no database access here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from accreditation.models import Document
from accreditation.models.document import OTHER_KIND
from workflows import Criterion, DocumentKind, Framework, Programme


@dataclass(frozen=True)
class ExpectedDocument:
    """One kind of document the framework expects, with the school's documents of that kind and the criteria that
    expect it (in the framework's order)."""

    kind: DocumentKind
    documents: tuple[Document, ...]
    criteria: tuple[Criterion, ...]

    @property
    def uploaded(self) -> bool:
        return bool(self.documents)


@dataclass(frozen=True)
class CriterionEvidence:
    """One kind of evidence a criterion expects: the documents of that kind linked to it, and those uploaded but
    not linked to it (the school links one instead of uploading again)."""

    kind: DocumentKind
    linked: tuple[Document, ...]
    unlinked: tuple[Document, ...]

    @property
    def provided(self) -> bool:
        return bool(self.linked)


@dataclass(frozen=True)
class MissingEvidence:
    """A criterion with expected evidence that is missing, and the kinds missing."""

    criterion: Criterion
    kinds: tuple[DocumentKind, ...]


@dataclass(frozen=True)
class Prefill:
    """What the upload form starts with when opened from a criterion or an expected document: the kind, and the
    criteria ticked (the one it was opened from first, then every other criterion expecting that kind)."""

    kind: str | None
    criteria: tuple[str, ...]


def _with_file(documents: Iterable[Document]) -> list[Document]:
    return [document for document in documents if document.latest is not None]


def criteria_expecting(framework: Framework, kind: str) -> list[Criterion]:
    """The criteria whose expected evidence includes ``kind``, in the framework's order."""
    return [criterion for criterion in framework.criteria if kind in criterion.documents]


def expected_documents(framework: Framework, documents: Iterable[Document]) -> list[ExpectedDocument]:
    """Every kind the framework lists, in its order, with the documents of that kind and the criteria expecting
    it."""
    uploaded = _with_file(documents)
    return [
        ExpectedDocument(
            kind=kind,
            documents=tuple(document for document in uploaded if document.kind == code),
            criteria=tuple(criteria_expecting(framework, code)),
        )
        for code, kind in framework.documents.items()
    ]


def in_expected_order(framework: Framework, documents: Iterable[Document]) -> list[Document]:
    """``documents`` in the order the framework lists their kinds (oldest first within a kind), other evidence
    and kinds the framework no longer lists last."""
    order = {code: index for index, code in enumerate(framework.documents)}
    last = len(order)
    return sorted(documents, key=lambda d: (order.get(d.kind, last), d.kind == OTHER_KIND, d.id or 0))


def evidence_of(framework: Framework, criterion: Criterion, documents: Sequence[Document]) -> list[CriterionEvidence]:
    """The kinds ``criterion`` expects (in its own order), each with the documents linked to it and the other
    documents of that kind."""
    result = []
    for code in criterion.documents:
        kind = framework.documents.get(code)
        if kind is None:  # the framework parser refuses this; kept harmless
            continue
        of_kind = [document for document in _with_file(documents) if document.kind == code]
        linked = tuple(d for d in of_kind if criterion.code in d.criterion_codes)
        unlinked = tuple(d for d in of_kind if criterion.code not in d.criterion_codes)
        result.append(CriterionEvidence(kind=kind, linked=linked, unlinked=unlinked))
    return result


def missing_evidence(framework: Framework, documents: Sequence[Document]) -> list[MissingEvidence]:
    """The criteria (in the framework's order) with at least one expected kind not linked to them."""
    missing = []
    for criterion in framework.criteria:
        kinds = tuple(item.kind for item in evidence_of(framework, criterion, documents) if not item.provided)
        if kinds:
            missing.append(MissingEvidence(criterion=criterion, kinds=kinds))
    return missing


def upload_prefill(framework: Framework, kind: str | None, criterion: str | None) -> Prefill:
    """The upload form's starting values for ``kind`` and ``criterion`` (as given in a link; an unknown one is
    ignored). With a kind, every criterion expecting it is ticked; with only a criterion, that one, and its kind
    when it expects exactly one."""
    known_criterion = framework.criterion(criterion) if criterion else None
    known_kind = kind if kind and (kind in framework.documents or kind == OTHER_KIND) else None
    if known_kind is None and known_criterion is not None and len(known_criterion.documents) == 1:
        known_kind = known_criterion.documents[0]
    ticked: list[str] = [known_criterion.code] if known_criterion is not None else []
    if known_kind is not None and known_kind != OTHER_KIND:
        ticked += [c.code for c in criteria_expecting(framework, known_kind) if c.code not in ticked]
    return Prefill(kind=known_kind, criteria=tuple(ticked))


@dataclass(frozen=True)
class PageEvidence:
    """What the self-assessment page shows about evidence: each shown criterion's expected kinds with their
    state, the criteria (all areas) whose expected evidence is missing, and whether the programme blocks the
    submission on them (``evidence_required``) or only warns."""

    by_criterion: dict[str, list[CriterionEvidence]]
    missing: list[MissingEvidence]
    blocking: bool


def page_evidence(
    programme: Programme, framework: Framework, shown: Iterable[Criterion], documents: Sequence[Document]
) -> PageEvidence:
    return PageEvidence(
        by_criterion={criterion.code: evidence_of(framework, criterion, documents) for criterion in shown},
        missing=missing_evidence(framework, documents),
        blocking=programme.definition.evidence_required,
    )
