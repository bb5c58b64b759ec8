"""Turning a framework file's YAML data into a ``Framework``, reporting every missing or wrong field (through the
engine's one reader of YAML mappings, ``yaml_fields.Fields``, in the framework files' own wording)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .framework_model import Action, Area, Criterion, DocumentKind, Framework, Replacement
from .problems import ROOT_KEY, Problem
from .texts import Text
from .yaml_fields import Check, Fields, Wording, join

CODE = re.compile(r"^[a-z][a-z0-9-]*$")
ITEM_CODE = re.compile(r"^[a-z][a-z0-9_-]*$")
MIN_SCALE, MAX_SCALE = 2, 7


def _is_text(value: Any) -> str | None:
    if (isinstance(value, str) and value.strip()) or (isinstance(value, dict) and value):
        return None
    return "must be a text, or a mapping of languages to texts"


def _is_translation(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty text"


def _is_whole_number(value: Any) -> str | None:
    return "must be a whole number" if isinstance(value, bool) or not isinstance(value, int) else None


def _is_code(pattern: re.Pattern) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            return "must be a code of lower-case letters, digits, hyphens or underscores"
        return None

    return check


# The framework files' own wording of the problems the two kinds of file word differently.
FRAMEWORK_WORDING = Wording(
    kind=lambda value: type(value).__name__, expected="expected", text=_is_text, translation=_is_translation
)


def parse_framework(data: Any, file: str) -> tuple[Framework | None, list[Problem]]:
    read = Fields(file, FRAMEWORK_WORDING)
    top = read.mapping(data, ROOT_KEY)
    if top is None:
        return None, read.problems
    read.allowed(top, "", ("code", "version", "name", "scale", "areas"), ("description", "documents", "replaces"))
    code = read.value(top.get("code"), "code", _is_code(CODE)) or ""
    version = read.value(top.get("version"), "version", _is_whole_number) or 0
    if "version" in top and version < 1:
        read.problem("version", "must be 1 or more")
    name = read.text(top.get("name"), "name")
    scale = _scale(read, top.get("scale"))
    documents = _documents(read, top.get("documents", {}))
    areas = _areas(read, top.get("areas"), scale, documents)
    replaces = _replaces(read, top["replaces"]) if "replaces" in top else None
    framework = Framework(code, version, name, file, scale, areas, documents, replaces)
    return framework, read.problems


def _scale(read: Fields, data: Any) -> dict[int, Text]:
    section = read.mapping(data, "scale")
    if section is None:
        return {}
    scale: dict[int, Text] = {}
    for level, label in section.items():
        number = read.value(level, f"scale.{level}", _is_whole_number)
        if number is not None:
            scale[number] = read.text(label, f"scale.{level}")
    if scale and sorted(scale) != list(range(min(scale), max(scale) + 1)):
        read.problem("scale", "levels must be consecutive whole numbers, e.g. 1, 2, 3, 4")
    if not MIN_SCALE <= len(scale) <= MAX_SCALE:
        read.problem("scale", f"must have between {MIN_SCALE} and {MAX_SCALE} levels")
    return dict(sorted(scale.items()))


def _documents(read: Fields, data: Any) -> dict[str, DocumentKind]:
    section = read.mapping(data, "documents")
    kinds: dict[str, DocumentKind] = {}
    for code, body in (section or {}).items():
        key = f"documents.{code}"
        if read.value(code, key, _is_code(ITEM_CODE)) is None:
            continue
        body = read.mapping(body, key)
        if body is None:
            continue
        read.allowed(body, key, ("title",), ("description", "required"))
        required = body.get("required", False)
        if not isinstance(required, bool):
            read.problem(join(key, "required"), "must be true or false")
            required = False
        kinds[code] = DocumentKind(
            code,
            read.text(body.get("title"), join(key, "title")),
            read.optional_text(body, "description", key),
            required,
        )
    return kinds


def _areas(read: Fields, data: Any, scale: Mapping[int, Text], documents: Mapping[str, DocumentKind]):
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
        read.allowed(body, key, ("code", "title", "criteria"), ("description",))
        code = read.value(body.get("code"), join(key, "code"), _is_code(ITEM_CODE)) or f"area-{index}"
        if code in seen_areas:
            read.problem(join(key, "code"), f"area {code!r} is defined twice")
        seen_areas.add(code)
        criteria = []
        raw = body.get("criteria")
        if not isinstance(raw, list) or not raw:
            read.problem(join(key, "criteria"), "must be a list of at least one criterion")
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
                read.text(body.get("title"), join(key, "title")),
                read.optional_text(body, "description", key),
                tuple(criteria),
            )
        )
    return tuple(areas)


def _criterion(read: Fields, data: Any, key: str, area: str, scale, documents) -> Criterion | None:
    body = read.mapping(data, key)
    if body is None:
        return None
    read.allowed(body, key, ("code", "title", "benchmark", "levels", "actions"), ("description", "documents"))
    code = read.value(body.get("code"), join(key, "code"), _is_code(ITEM_CODE))
    if code is None:
        return None
    benchmark = read.value(body.get("benchmark"), join(key, "benchmark"), _is_whole_number) or 0
    if scale and benchmark not in scale:
        read.problem(join(key, "benchmark"), f"must be a level of the scale ({min(scale)}-{max(scale)})")
    statements: dict[int, Text] = {}
    levels = read.mapping(body.get("levels"), join(key, "levels")) or {}
    for level, text in levels.items():
        number = read.value(level, f"{key}.levels.{level}", _is_whole_number)
        if number is None:
            continue
        if scale and number not in scale:
            read.problem(f"{key}.levels.{level}", "is not a level of the framework's scale")
            continue
        statements[number] = read.text(text, f"{key}.levels.{level}")
    missing = [str(level) for level in scale if level not in statements]
    if missing and isinstance(body.get("levels"), dict):  # an empty mapping too; not a mapping: reported above
        read.problem(
            join(key, "levels"), f"needs a statement for every level of the scale (missing: {', '.join(missing)})"
        )
    actions: list[Action] = []
    raw_actions = read.mapping(body.get("actions"), join(key, "actions")) or {}
    for level, items in raw_actions.items():
        number = read.value(level, f"{key}.actions.{level}", _is_whole_number)
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
            join(key, "actions"),
            f"needs actions for every level below the benchmark (missing: {', '.join(map(str, below_benchmark))})",
        )
    raw_documents = body.get("documents", [])
    expected = tuple(raw_documents) if isinstance(raw_documents, list) else ()
    if not isinstance(raw_documents, list):
        read.problem(join(key, "documents"), "must be a list of document codes")
    for position, document in enumerate(expected):
        if not isinstance(document, str) or document not in documents:
            read.problem(f"{key}.documents[{position}]", f"no document {document!r} in this framework's documents")
    return Criterion(
        code=code,
        area=area,
        title=read.text(body.get("title"), join(key, "title")),
        description=read.optional_text(body, "description", key),
        benchmark=benchmark,
        statements=dict(sorted(statements.items())),
        actions=tuple(sorted(actions, key=lambda a: (a.from_level, a.key))),
        documents=tuple(d for d in expected if isinstance(d, str) and d in documents),
    )


def _replaces(read: Fields, data: Any) -> Replacement | None:
    body = read.mapping(data, "replaces")
    if body is None:
        return None
    read.allowed(body, "replaces", ("version",), ("criteria",))
    version = read.value(body.get("version"), "replaces.version", _is_whole_number) or 0
    mapping = read.mapping(body.get("criteria", {}), "replaces.criteria") or {}
    criteria: dict[str, str | None] = {}
    for old, new in mapping.items():
        if new is not None and not isinstance(new, str):
            read.problem(f"replaces.criteria.{old}", "must be a criterion code, or null for a dropped criterion")
            continue
        criteria[str(old)] = new
    return Replacement(version, criteria)
