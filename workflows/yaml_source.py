"""Reading a definition file's YAML, reporting syntax errors and duplicate keys as problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import ROOT_KEY, Problem

# What a duplicate key names, by the section it is found in.
_NOUNS = {"states": "state", "events": "event"}


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse ``path`` (one document, safe tags only); return the data (None on failure) and the problems found."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(file, ROOT_KEY, f"cannot read the file: {exc}")]
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        return None, [Problem(file, ROOT_KEY, f"YAML syntax error: {_describe(exc)}")]
    finally:
        loader.dispose()
    problems: list[Problem] = []
    if node is not None:
        _find_duplicate_keys(node, "", file, problems)
    return data, problems


def _describe(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(problem)


def _find_duplicate_keys(node: yaml.Node, path: str, file: str, problems: list[Problem]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        noun = _NOUNS.get(path, "key")
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            child = f"{path}.{key}" if path else str(key)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(file, child, f"duplicate {noun} {key!r} on line {line} (first on line {seen[key]})")
                )
            else:
                seen[key] = line
            _find_duplicate_keys(value_node, child, file, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _find_duplicate_keys(item, f"{path}[{index}]", file, problems)
