"""Frameworks: what a school is assessed on, as versioned data files.

A framework version is one YAML file in ``workflows/frameworks/`` (format in ``workflows/README.md``): areas →
criteria → a statement per level of the framework's scale, a benchmark level per criterion, improvement actions
per level, and the documents expected as evidence. A later version may name the version it replaces and map old
criterion codes to new ones; the application uses that mapping to move the answers of open self-assessments.

Every text may be written in several languages (``{en: ..., ru: ..., uk: ...}``); English is required and is the
fallback. Pure Python, like the rest of the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import ROOT_KEY, DefinitionError, Problem
from .yaml_source import read_yaml

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"
FALLBACK_LANGUAGE = "en"
CODE = re.compile(r"^[a-z][a-z0-9-]*$")
ITEM_CODE = re.compile(r"^[a-z][a-z0-9_-]*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
MIN_SCALE, MAX_SCALE = 2, 7


@dataclass(frozen=True)
class Text:
    """A text in one or more languages; ``in_(language)`` falls back to English."""

    translations: Mapping[str, str]

    def in_(self, language: str | None) -> str:
        if language:
            found = self.translations.get(language) or self.translations.get(language.split("_")[0])
            if found:
                return found
        return self.translations.get(FALLBACK_LANGUAGE, "")

    @property
    def en(self) -> str:
        return self.in_(FALLBACK_LANGUAGE)

    def __str__(self) -> str:
        return self.en

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.translations)


EMPTY_TEXT = Text({FALLBACK_LANGUAGE: ""})


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


def load_frameworks(directories: str | Path | Iterable[str | Path]) -> Frameworks:
    """Every framework version in the ``*.yaml`` files of ``directories``; DefinitionError listing every problem."""
    frameworks, problems = read_frameworks(directories)
    if problems:
        raise DefinitionError(problems)
    return frameworks


def read_frameworks(directories: str | Path | Iterable[str | Path]) -> tuple[Frameworks, list[Problem]]:
    """The valid framework versions found, and every problem (never raises)."""
    if isinstance(directories, str | Path):
        directories = [directories]
    problems: list[Problem] = []
    loaded: list[Framework] = []
    seen: dict[tuple[str, int], str] = {}
    for directory in map(Path, directories):
        if not directory.is_dir():
            problems.append(Problem(str(directory), ROOT_KEY, "no such directory"))
            continue
        for path in sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
            data, found = read_yaml(path)
            if data is None and found:
                problems.extend(found)
                continue
            framework, found2 = parse_framework(data, str(path))
            found.extend(found2)
            if framework is not None and framework.code and framework.version:  # unreadable ones: reported above
                identity = (framework.code, framework.version)
                if identity in seen:
                    found.append(
                        Problem(
                            str(path),
                            "version",
                            f"{framework.code} version {framework.version} is also in {seen[identity]}",
                        )
                    )
                seen.setdefault(identity, str(path))
            problems.extend(found)
            if framework is not None and not found:
                loaded.append(framework)
    frameworks = Frameworks(loaded)
    problems.extend(_check_replacements(frameworks))
    return frameworks, problems


def _check_replacements(frameworks: Frameworks) -> list[Problem]:
    problems = []
    for code in frameworks:
        versions = frameworks.versions(code)
        for earlier, later in zip(versions, versions[1:], strict=False):
            if later.replaces is None:
                problems.append(
                    Problem(later.file, "replaces", f"must name the version it replaces ({earlier.version})")
                )
                continue
            if later.replaces.version != earlier.version:
                problems.append(
                    Problem(later.file, "replaces.version", f"must be {earlier.version}, the version before it")
                )
                continue
            for old, new in later.replaces.criteria.items():
                if earlier.criterion(old) is None:
                    problems.append(
                        Problem(
                            later.file,
                            f"replaces.criteria.{old}",
                            f"no such criterion in the version {earlier.version}",
                        )
                    )
                if new is not None and later.criterion(new) is None:
                    problems.append(Problem(later.file, f"replaces.criteria.{old}", f"no criterion {new!r} here"))
        if versions and versions[0].replaces is not None:  # the version it replaces went missing
            first = versions[0]
            problems.append(Problem(first.file, "replaces", f"version {first.replaces.version} is not loaded"))
    return problems


# --- parsing ------------------------------------------------------------------------------------------------------


class _Reader:
    """Reads one file's data, collecting a problem for each field that is missing or wrong."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, key or ROOT_KEY, message))

    def mapping(self, value: Any, key: str) -> dict | None:
        if not isinstance(value, dict):
            self.problem(key, f"must be a mapping, not {type(value).__name__}")
            return None
        return value

    def fields(self, data: dict, key: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        for name in required:
            if name not in data:
                self.problem(_join(key, name), "is required")
        for name in data:
            if name not in required + optional:
                self.problem(_join(key, str(name)), f"unknown field (expected: {', '.join(required + optional)})")

    def text(self, value: Any, key: str) -> Text:
        """A plain string (English) or a mapping of language codes to strings, English included."""
        if isinstance(value, str) and value.strip():
            return Text({FALLBACK_LANGUAGE: value.strip()})
        if isinstance(value, dict) and value:
            translations = {}
            for language, text in value.items():
                if not isinstance(language, str) or not LANGUAGE.match(language):
                    self.problem(_join(key, str(language)), "is not a language code such as en, ru or uk")
                elif not isinstance(text, str) or not text.strip():
                    self.problem(_join(key, language), "must be a non-empty text")
                else:
                    translations[language] = text.strip()
            if FALLBACK_LANGUAGE not in translations:
                self.problem(key, "needs an English (en) text, the fallback of every language")
            return Text(translations)
        self.problem(key, "must be a text, or a mapping of languages to texts")
        return EMPTY_TEXT

    def optional_text(self, data: dict, name: str, key: str) -> Text:
        return self.text(data[name], _join(key, name)) if name in data else EMPTY_TEXT

    def whole(self, value: Any, key: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, "must be a whole number")
            return None
        return value

    def code(self, value: Any, key: str, pattern: re.Pattern = ITEM_CODE) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            self.problem(key, "must be a code of lower-case letters, digits, hyphens or underscores")
            return None
        return value


def parse_framework(data: Any, file: str) -> tuple[Framework | None, list[Problem]]:
    read = _Reader(file)
    top = read.mapping(data, ROOT_KEY)
    if top is None:
        return None, read.problems
    read.fields(top, "", ("code", "version", "name", "scale", "areas"), ("description", "documents", "replaces"))
    code = read.code(top.get("code"), "code", CODE) or ""
    version = read.whole(top.get("version"), "version") or 0
    if "version" in top and version < 1:
        read.problem("version", "must be 1 or more")
    name = read.text(top.get("name"), "name")
    scale = _scale(read, top.get("scale"))
    documents = _documents(read, top.get("documents", {}))
    areas = _areas(read, top.get("areas"), scale, documents)
    replaces = _replaces(read, top["replaces"]) if "replaces" in top else None
    framework = Framework(code, version, name, file, scale, areas, documents, replaces)
    return framework, read.problems


def _scale(read: _Reader, data: Any) -> dict[int, Text]:
    section = read.mapping(data, "scale")
    if section is None:
        return {}
    scale: dict[int, Text] = {}
    for level, label in section.items():
        number = read.whole(level, f"scale.{level}")
        if number is not None:
            scale[number] = read.text(label, f"scale.{level}")
    if scale and sorted(scale) != list(range(min(scale), max(scale) + 1)):
        read.problem("scale", "levels must be consecutive whole numbers, e.g. 1, 2, 3, 4")
    if not MIN_SCALE <= len(scale) <= MAX_SCALE:
        read.problem("scale", f"must have between {MIN_SCALE} and {MAX_SCALE} levels")
    return dict(sorted(scale.items()))


def _documents(read: _Reader, data: Any) -> dict[str, DocumentKind]:
    section = read.mapping(data, "documents")
    kinds: dict[str, DocumentKind] = {}
    for code, body in (section or {}).items():
        key = f"documents.{code}"
        if read.code(code, key) is None:
            continue
        body = read.mapping(body, key)
        if body is None:
            continue
        read.fields(body, key, ("title",), ("description", "required"))
        required = body.get("required", False)
        if not isinstance(required, bool):
            read.problem(_join(key, "required"), "must be true or false")
            required = False
        kinds[code] = DocumentKind(
            code,
            read.text(body.get("title"), _join(key, "title")),
            read.optional_text(body, "description", key),
            required,
        )
    return kinds


def _areas(read: _Reader, data: Any, scale: Mapping[int, Text], documents: Mapping[str, DocumentKind]):
    if not isinstance(data, list) or not data:
        read.problem("areas", "must be a list of at least one area")
        return ()
    areas = []
    seen_criteria: dict[str, str] = {}
    seen_areas: set[str] = set()
    for index, body in enumerate(data):
        key = f"areas[{index}]"
        body = read.mapping(body, key)
        if body is None:
            continue
        read.fields(body, key, ("code", "title", "criteria"), ("description",))
        code = read.code(body.get("code"), _join(key, "code")) or f"area-{index}"
        if code in seen_areas:
            read.problem(_join(key, "code"), f"area {code!r} is defined twice")
        seen_areas.add(code)
        criteria = []
        raw = body.get("criteria")
        if not isinstance(raw, list) or not raw:
            read.problem(_join(key, "criteria"), "must be a list of at least one criterion")
            raw = []
        for position, criterion_body in enumerate(raw):
            criterion = _criterion(read, criterion_body, f"{key}.criteria[{position}]", code, scale, documents)
            if criterion is None:
                continue
            if criterion.code in seen_criteria:
                read.problem(
                    f"{key}.criteria[{position}].code",
                    f"criterion {criterion.code!r} is already in {seen_criteria[criterion.code]}",
                )
                continue
            seen_criteria[criterion.code] = key
            criteria.append(criterion)
        areas.append(
            Area(
                code,
                read.text(body.get("title"), _join(key, "title")),
                read.optional_text(body, "description", key),
                tuple(criteria),
            )
        )
    return tuple(areas)


def _criterion(read: _Reader, data: Any, key: str, area: str, scale, documents) -> Criterion | None:
    body = read.mapping(data, key)
    if body is None:
        return None
    read.fields(body, key, ("code", "title", "benchmark", "levels", "actions"), ("description", "documents"))
    code = read.code(body.get("code"), _join(key, "code"))
    if code is None:
        return None
    benchmark = read.whole(body.get("benchmark"), _join(key, "benchmark")) or 0
    if scale and benchmark not in scale:
        read.problem(_join(key, "benchmark"), f"must be a level of the scale ({min(scale)}-{max(scale)})")
    statements: dict[int, Text] = {}
    levels = read.mapping(body.get("levels"), _join(key, "levels")) or {}
    for level, text in levels.items():
        number = read.whole(level, f"{key}.levels.{level}")
        if number is None:
            continue
        if scale and number not in scale:
            read.problem(f"{key}.levels.{level}", "is not a level of the framework's scale")
            continue
        statements[number] = read.text(text, f"{key}.levels.{level}")
    missing = [str(level) for level in scale if level not in statements]
    if missing and isinstance(body.get("levels"), dict):  # an empty mapping too; not a mapping: reported above
        read.problem(
            _join(key, "levels"), f"needs a statement for every level of the scale (missing: {', '.join(missing)})"
        )
    actions: list[Action] = []
    raw_actions = read.mapping(body.get("actions"), _join(key, "actions")) or {}
    for level, items in raw_actions.items():
        number = read.whole(level, f"{key}.actions.{level}")
        if number is None:
            continue
        if scale and (number not in scale or number == max(scale)):
            read.problem(f"{key}.actions.{level}", "actions lead from a level to the next: use a level below the top")
            continue
        if not isinstance(items, list) or not items:
            read.problem(f"{key}.actions.{level}", "must be a list of at least one action")
            continue
        for position, item in enumerate(items, start=1):
            actions.append(
                Action(f"{code}/{number}/{position}", number, read.text(item, f"{key}.actions.{level}[{position - 1}]"))
            )
    below_benchmark = [
        level for level in scale if level < benchmark and not any(a.from_level == level for a in actions)
    ]
    if below_benchmark and isinstance(body.get("actions"), dict):
        read.problem(
            _join(key, "actions"),
            f"needs actions for every level below the benchmark (missing: {', '.join(map(str, below_benchmark))})",
        )
    raw_documents = body.get("documents", [])
    expected = tuple(raw_documents) if isinstance(raw_documents, list) else ()
    if not isinstance(raw_documents, list):
        read.problem(_join(key, "documents"), "must be a list of document codes")
    for position, document in enumerate(expected):
        if not isinstance(document, str) or document not in documents:
            read.problem(f"{key}.documents[{position}]", f"no document {document!r} in this framework's documents")
    return Criterion(
        code=code,
        area=area,
        title=read.text(body.get("title"), _join(key, "title")),
        description=read.optional_text(body, "description", key),
        benchmark=benchmark,
        statements=dict(sorted(statements.items())),
        actions=tuple(sorted(actions, key=lambda a: (a.from_level, a.key))),
        documents=tuple(d for d in expected if isinstance(d, str) and d in documents),
    )


def _replaces(read: _Reader, data: Any) -> Replacement | None:
    body = read.mapping(data, "replaces")
    if body is None:
        return None
    read.fields(body, "replaces", ("version",), ("criteria",))
    version = read.whole(body.get("version"), "replaces.version") or 0
    mapping = read.mapping(body.get("criteria", {}), "replaces.criteria") or {}
    criteria: dict[str, str | None] = {}
    for old, new in mapping.items():
        if new is not None and not isinstance(new, str):
            read.problem(f"replaces.criteria.{old}", "must be a criterion code, or null for a dropped criterion")
            continue
        criteria[str(old)] = new
    return Replacement(version, criteria)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name
