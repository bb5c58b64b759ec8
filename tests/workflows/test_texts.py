"""One translated-text type for programme and framework files, read by one reader of YAML mappings (the size of
every module: tests/architecture/test_module_size.py)."""

from __future__ import annotations

import ast
import copy
import json
import pickle
from pathlib import Path

import pytest

import workflows
from workflows import FRAMEWORKS_DIR, Text, load_frameworks
from workflows.programme_parsing import parse_programme
from workflows.roles import SCHOOL_ADMIN

PACKAGE = Path(workflows.__file__).parent


def test_programme_and_framework_texts_are_the_same_type(programmes):
    frameworks = load_frameworks(FRAMEWORKS_DIR)
    framework = frameworks.current("esafety-label")
    programme = programmes["esafety-label"].definition
    texts = [
        programme.name,
        programme.description,
        programme.states[programme.initial].label,
        framework.name,
        framework.criteria[0].title,
        framework.scale[framework.lowest],
    ]
    assert {type(text) for text in texts} == {Text}


def test_a_text_is_its_english_string_and_carries_its_translations():
    text = Text({"en": "Submitted", "uk": "Надіслано"})
    assert text == "Submitted" and str(text) == "Submitted" and text.en == "Submitted"
    assert text.in_("uk") == "Надіслано" and text.in_("uk_UA") == "Надіслано" and text.in_("de") == "Submitted"
    assert text.languages == {"en", "uk"}
    assert json.dumps({"label": text}) == '{"label": "Submitted"}'
    for copied in (pickle.loads(pickle.dumps(text)), copy.deepcopy(text)):
        assert type(copied) is Text and copied.in_("uk") == "Надіслано"
    plain = Text("Draft")
    assert plain.in_("ru") == "Draft" and plain.languages == {"en"}
    assert not Text() and Text().in_("uk") == ""


@pytest.mark.parametrize(
    ("value", "english", "ukrainian"),
    [("Submitted", "Submitted", "Submitted"), ({"en": " Submitted ", "uk": "Надіслано\n"}, "Submitted", "Надіслано")],
)
def test_a_programme_label_is_read_like_a_framework_text(value, english, ukrainian):
    data = {
        "code": "tiny",
        "name": value,
        "states": {"start": {"label": value, "kind": "initial"}, "end": {"label": "End", "kind": "final"}},
        "events": {"finish": {"label": value, "from": "start", "to": "end", "roles": [SCHOOL_ADMIN]}},
    }
    definition, problems = parse_programme(data, "tiny.yaml")
    assert problems == []
    for text in (definition.name, definition.states["start"].label, definition.events["finish"].label):
        assert type(text) is Text and text.en == english and text.in_("uk") == ukrainian


def test_one_reader_of_yaml_mappings():
    """Only yaml_fields.py defines a class that reads fields out of mappings (no second ``_Reader``/``_Fields``)."""
    readers = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                methods = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
                if {"mapping", "problem"} <= methods:
                    readers.append(f"{path.name}:{node.name}")
    assert readers == ["yaml_fields.py:Fields"]
