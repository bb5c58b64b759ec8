"""Frameworks: what a school is assessed on, as versioned data files. This module holds the values; a file is
read by ``framework_parsing``, the folders of files by ``framework_loading``.

A framework version is one YAML file in ``workflows/frameworks/`` (format in ``workflows/README.md``): areas →
criteria → a statement per level of the framework's scale, a benchmark level per criterion, improvement actions
per level, and the documents expected as evidence. A later version may name the version it replaces and map old
criterion codes to new ones; the application uses that mapping to move the answers of open self-assessments.

Every text may be written in several languages (``{en: ..., ru: ..., uk: ...}``); English is required and is the
fallback (``texts.Text``, as in programme files). Pure Python, like the rest of the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .texts import EMPTY_TEXT, Text


@dataclass(frozen=True)
class Action:
    """One improvement action: what a school at ``from_level`` does to reach the next level. ``key`` is stable
    across text edits (criterion, level, position) and identifies the action when a school ticks it done."""

    key: str
    from_level: int
    text: Text


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document a school uploads (e.g. its acceptable use policy); ``required`` ones must be uploaded
    before the self-assessment can be submitted."""

    code: str
    title: Text
    description: Text = EMPTY_TEXT
    required: bool = False


@dataclass(frozen=True)
class Criterion:
    code: str
    area: str
    title: Text
    description: Text
    benchmark: int
    statements: Mapping[int, Text]  # level -> what the school does at that level
    actions: tuple[Action, ...]
    documents: tuple[str, ...]  # document kinds expected as evidence

    def actions_from(self, level: int | None, up_to: int | None = None) -> list[Action]:
        """The improvement actions that lift a school from ``level`` (None: not answered, the lowest) to
        ``up_to`` (default: the benchmark), in order."""
        start = level if level is not None else min(self.statements)
        stop = self.benchmark if up_to is None else up_to
        return [action for action in self.actions if start <= action.from_level < stop]


@dataclass(frozen=True)
class Area:
    code: str
    title: Text
    description: Text
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Replacement:
    """What a version replaces: the earlier version, and old criterion code -> new code (None: dropped). A code
    not mapped keeps its name when the new version still has it."""

    version: int
    criteria: Mapping[str, str | None]

    def new_code(self, old_code: str, new_codes: Iterable[str]) -> str | None:
        if old_code in self.criteria:
            return self.criteria[old_code]
        return old_code if old_code in set(new_codes) else None


@dataclass(frozen=True, eq=False)
class Framework:
    """One version of a framework."""

    code: str
    version: int
    name: Text
    file: str
    scale: Mapping[int, Text]  # level -> its label, lowest first
    areas: tuple[Area, ...]
    documents: Mapping[str, DocumentKind]
    replaces: Replacement | None = None
    _criteria: dict[str, Criterion] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._criteria.update({c.code: c for area in self.areas for c in area.criteria})

    def __repr__(self) -> str:
        return f"<Framework {self.code} v{self.version}>"

    @property
    def criteria(self) -> list[Criterion]:
        return list(self._criteria.values())

    def criterion(self, code: str) -> Criterion | None:
        return self._criteria.get(code)

    def area(self, code: str) -> Area | None:
        return next((area for area in self.areas if area.code == code), None)

    @property
    def levels(self) -> list[int]:
        return sorted(self.scale)

    @property
    def lowest(self) -> int:
        return min(self.scale)

    @property
    def highest(self) -> int:
        return max(self.scale)

    @property
    def required_documents(self) -> list[DocumentKind]:
        return [kind for kind in self.documents.values() if kind.required]

    def action(self, key: str) -> Action | None:
        criterion_code = key.split("/", 1)[0]
        criterion = self.criterion(criterion_code)
        return next((a for a in criterion.actions if a.key == key), None) if criterion else None


class Frameworks:
    """Every loaded framework version, by code."""

    def __init__(self, frameworks: Iterable[Framework] = ()) -> None:
        self._versions: dict[str, dict[int, Framework]] = {}
        for framework in frameworks:
            self._versions.setdefault(framework.code, {})[framework.version] = framework

    def __contains__(self, code: object) -> bool:
        return code in self._versions

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._versions))

    def codes(self) -> list[str]:
        return sorted(self._versions)

    def versions(self, code: str) -> list[Framework]:
        """Every version of ``code``, oldest first (empty when unknown)."""
        return [self._versions[code][v] for v in sorted(self._versions.get(code, {}))]

    def current(self, code: str) -> Framework:
        """The newest version of ``code``; KeyError when there is none."""
        versions = self._versions[code]
        return versions[max(versions)]

    def get(self, code: str, version: int) -> Framework:
        """One version; KeyError when it is not loaded (a snapshot's version must never disappear)."""
        return self._versions[code][version]

    def path(self, code: str, from_version: int, to_version: int) -> list[Framework]:
        """The versions after ``from_version`` up to ``to_version``, each replacing the one before."""
        return [f for f in self.versions(code) if from_version < f.version <= to_version]
