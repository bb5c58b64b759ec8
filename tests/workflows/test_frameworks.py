"""Frameworks as data: the two shipped ones are complete in English, Russian and Ukrainian, and the loader reports
each kind of mistake in a framework file as ``file: key: message`` without loading the broken version."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from accreditation.i18n import SUPPORTED_LOCALES
from workflows import (
    FRAMEWORKS_DIR,
    PROGRAMMES_DIR,
    DefinitionError,
    Framework,
    Frameworks,
    Problem,
    Replacement,
    Text,
    load_frameworks,
    read_frameworks,
)

LANGUAGES = set(SUPPORTED_LOCALES)  # every language of the product
CISS_MODULES = ["policy", "staff", "pupils", "technical", "reporting"]
ESAFETY_AREAS = ["infrastructure", "policy", "practice"]
REQUIRED_DOCUMENTS = {"online_safety_policy", "acceptable_use_policy", "incident_procedure"}


@pytest.fixture(scope="module")
def shipped() -> Frameworks:
    return load_frameworks(FRAMEWORKS_DIR)


def texts_of(framework: Framework) -> Iterator[tuple[str, Text]]:
    """Every text of a framework, with where it is."""
    yield "name", framework.name
    for level, label in framework.scale.items():
        yield f"scale.{level}", label
    for kind in framework.documents.values():
        yield f"documents.{kind.code}.title", kind.title
        yield f"documents.{kind.code}.description", kind.description
    for area in framework.areas:
        yield f"{area.code}.title", area.title
        yield f"{area.code}.description", area.description
        for criterion in area.criteria:
            yield f"{criterion.code}.title", criterion.title
            yield f"{criterion.code}.description", criterion.description
            for level, statement in criterion.statements.items():
                yield f"{criterion.code}.levels.{level}", statement
            for action in criterion.actions:
                yield f"{action.key}", action.text


# --- the shipped frameworks ---------------------------------------------------------------------------------------


def test_shipped_frameworks_load_without_problems():
    frameworks, problems = read_frameworks(FRAMEWORKS_DIR)
    assert problems == []
    assert frameworks.codes() == ["ciss-modules", "esafety-label"]
    assert [f.version for f in frameworks.versions("ciss-modules")] == [1]
    assert [f.version for f in frameworks.versions("esafety-label")] == [1]


def test_every_programme_names_a_shipped_framework(shipped):
    for path in sorted(PROGRAMMES_DIR.glob("*.yaml")):
        code = yaml.safe_load(path.read_text(encoding="utf-8")).get("framework")
        assert code in shipped, f"{path.name} names framework {code!r}, which is not shipped"


@pytest.mark.parametrize(
    ("code", "areas", "levels"),
    [("ciss-modules", CISS_MODULES, [1, 2, 3, 4]), ("esafety-label", ESAFETY_AREAS, [1, 2, 3, 4, 5])],
)
def test_shipped_framework_has_its_areas_scale_and_enough_criteria(shipped, code, areas, levels):
    framework = shipped.current(code)
    assert [area.code for area in framework.areas] == areas
    assert framework.levels == levels
    assert len(framework.criteria) >= 17
    for area in framework.areas:
        assert len(area.criteria) >= 3, f"{code}: area {area.code} has fewer than 3 criteria"


def test_ciss_areas_are_exactly_the_five_modules(shipped):
    assert [area.code for area in shipped.current("ciss-modules").areas] == CISS_MODULES


@pytest.mark.parametrize("code", ["ciss-modules", "esafety-label"])
def test_every_text_is_written_in_every_language_of_the_product(shipped, code):
    missing = []
    for where, text in texts_of(shipped.current(code)):
        if text.languages != LANGUAGES or not all(text.in_(language) for language in LANGUAGES):
            missing.append(f"{where}: {sorted(text.languages)}")
        elif any(text.in_(language) == text.en for language in LANGUAGES - {"en"}):
            missing.append(f"{where}: a translation is a copy of the English")
    assert missing == []


@pytest.mark.parametrize("code", ["ciss-modules", "esafety-label"])
def test_every_criterion_has_a_statement_per_level_and_a_benchmark_on_the_scale(shipped, code):
    framework = shipped.current(code)
    for criterion in framework.criteria:
        assert list(criterion.statements) == framework.levels, criterion.code
        assert len(criterion.statements) in (4, 5)
        assert criterion.benchmark in framework.scale, criterion.code


@pytest.mark.parametrize("code", ["ciss-modules", "esafety-label"])
def test_every_level_below_the_top_has_one_to_three_actions(shipped, code):
    framework = shipped.current(code)
    for criterion in framework.criteria:
        for level in framework.levels[:-1]:
            count = sum(1 for action in criterion.actions if action.from_level == level)
            assert 1 <= count <= 3, f"{criterion.code}: {count} actions from level {level}"
        assert criterion.actions_from(None), criterion.code  # a school that has not answered gets a plan
    keys = [action.key for criterion in framework.criteria for action in criterion.actions]
    assert len(keys) == len(set(keys))
    assert all(framework.action(key) is not None for key in keys)


@pytest.mark.parametrize("code", ["ciss-modules", "esafety-label"])
def test_required_documents_exist_and_every_kind_is_asked_for(shipped, code):
    framework = shipped.current(code)
    assert {kind.code for kind in framework.required_documents} == REQUIRED_DOCUMENTS
    cited = {document for criterion in framework.criteria for document in criterion.documents}
    for criterion in framework.criteria:
        assert criterion.documents, f"{criterion.code} names no evidence"
    assert cited == set(framework.documents), "every document kind is evidence for some criterion"
    assert "other" not in framework.documents  # the application's kind for further evidence


def test_text_falls_back_to_english_and_to_the_base_language():
    text = Text({"en": "Filtering", "uk": "Фільтрація"})
    assert text.in_("uk") == "Фільтрація"
    assert text.in_("uk_UA") == "Фільтрація"
    assert text.in_("de") == "Filtering"
    assert text.in_(None) == "Filtering"


# --- actions and replacements ------------------------------------------------------------------------------------


def test_actions_from_a_level_lead_up_to_the_benchmark(tmp_path):
    data = valid()
    data["areas"] = data["areas"][:1]
    criterion_data = data["areas"][0]["criteria"][0]
    data["scale"] = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    criterion_data["levels"] = {level: f"Level {level}" for level in range(1, 6)}
    criterion_data["benchmark"] = 4
    criterion_data["actions"] = {1: ["a1", "b1"], 2: ["a2"], 3: ["a3"], 4: ["a4"]}
    write(tmp_path, data)
    criterion = load_frameworks(tmp_path).current("mini").criterion("filtering")

    def keys(level, up_to=None):
        return [action.key for action in criterion.actions_from(level, up_to)]

    assert keys(1) == ["filtering/1/1", "filtering/1/2", "filtering/2/1", "filtering/3/1"]
    assert keys(None) == keys(1)  # not answered: from the lowest level
    assert keys(3) == ["filtering/3/1"]
    assert keys(4) == [] and keys(5) == []  # at or above the benchmark: nothing required
    assert keys(3, up_to=5) == ["filtering/3/1", "filtering/4/1"]


def test_shipped_actions_from_cover_every_level_below_the_benchmark(shipped):
    filtering = shipped.current("ciss-modules").criterion("filtering")
    assert filtering.benchmark == 4
    assert sorted({action.from_level for action in filtering.actions_from(1)}) == [1, 2, 3]
    assert filtering.actions_from(4) == []


def test_replacement_maps_drops_and_keeps_codes():
    replacement = Replacement(1, {"old-filter": "filtering", "posters": None})
    new_codes = ["filtering", "policy"]
    assert replacement.new_code("old-filter", new_codes) == "filtering"  # mapped
    assert replacement.new_code("posters", new_codes) is None  # dropped on purpose
    assert replacement.new_code("policy", new_codes) == "policy"  # not mapped, still there: keeps its name
    assert replacement.new_code("vanished", new_codes) is None  # not mapped and gone


def test_a_second_version_loads_with_its_mapping(tmp_path):
    write(tmp_path, valid(), "mini.v1.yaml")
    write(tmp_path, second_version({"filtering": "web-filtering", "policy": None}), "mini.v2.yaml")
    frameworks = load_frameworks(tmp_path)
    v1, v2 = frameworks.versions("mini")
    assert frameworks.current("mini") is v2
    assert frameworks.path("mini", 1, 2) == [v2]
    new_codes = [c.code for c in v2.criteria]
    assert [v2.replaces.new_code(c.code, new_codes) for c in v1.criteria] == ["web-filtering", None]


# --- problems in framework files ---------------------------------------------------------------------------------


def t(en: str) -> dict[str, str]:
    return {"en": en, "ru": f"{en} (по-русски)", "uk": f"{en} (українською)"}


def valid() -> dict[str, Any]:
    """A small valid framework; each case below breaks one thing in a copy of it."""
    return {
        "code": "mini",
        "version": 1,
        "name": t("Mini framework"),
        "scale": {1: t("Not yet"), 2: t("Started"), 3: t("In place")},
        "documents": {
            "online_safety_policy": {"title": t("Online-safety policy"), "required": True},
            "reporting_poster": {"title": t("Reporting poster")},
        },
        "areas": [
            {
                "code": "technical",
                "title": t("Technical"),
                "criteria": [
                    {
                        "code": "filtering",
                        "title": t("Filtering"),
                        "benchmark": 2,
                        "levels": {1: t("None"), 2: t("Some"), 3: t("All, reviewed termly")},
                        "actions": {1: [t("Turn a filter on")], 2: [t("Review it every term")]},
                        "documents": ["online_safety_policy"],
                    }
                ],
            },
            {
                "code": "policy",
                "title": t("Policy"),
                "criteria": [
                    {
                        "code": "policy",
                        "title": t("Policy"),
                        "benchmark": 3,
                        "levels": {1: t("None"), 2: t("Draft"), 3: t("Approved")},
                        "actions": {1: [t("Draft it")], 2: [t("Approve it")]},
                        "documents": ["online_safety_policy", "reporting_poster"],
                    }
                ],
            },
        ],
    }


def second_version(criteria: dict[str, str | None]) -> dict[str, Any]:
    data = valid()
    data["version"] = 2
    data["areas"] = data["areas"][:1]
    data["areas"][0]["criteria"][0]["code"] = "web-filtering"
    data["replaces"] = {"version": 1, "criteria": criteria}
    return data


def write(folder: Path, data: Any, name: str = "mini.v1.yaml") -> Path:
    path = folder / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(valid())
    change(data)
    return data


def first_criterion(data: dict[str, Any]) -> dict[str, Any]:
    return data["areas"][0]["criteria"][0]


CRITERION = "areas[0].criteria[0]"

CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "missing English text": (
        lambda d: d.__setitem__("name", {"ru": "Мини", "uk": "Міні"}),
        "name",
        "needs an English (en) text",
    ),
    "missing English in a level statement": (
        lambda d: first_criterion(d)["levels"].__setitem__(2, {"ru": "Частично"}),
        f"{CRITERION}.levels.2",
        "needs an English (en) text",
    ),
    "benchmark outside the scale": (
        lambda d: first_criterion(d).__setitem__("benchmark", 5),
        f"{CRITERION}.benchmark",
        "must be a level of the scale (1-3)",
    ),
    "missing level statement": (
        lambda d: first_criterion(d)["levels"].pop(3),
        f"{CRITERION}.levels",
        "missing: 3",
    ),
    "empty levels": (
        lambda d: first_criterion(d).__setitem__("levels", {}),
        f"{CRITERION}.levels",
        "missing: 1, 2, 3",
    ),
    "level statement outside the scale": (
        lambda d: first_criterion(d)["levels"].__setitem__(4, t("Beyond")),
        f"{CRITERION}.levels.4",
        "is not a level of the framework's scale",
    ),
    "no actions below the benchmark": (
        lambda d: first_criterion(d)["actions"].pop(1),
        f"{CRITERION}.actions",
        "missing: 1",
    ),
    "empty actions": (
        lambda d: first_criterion(d).__setitem__("actions", {}),
        f"{CRITERION}.actions",
        "missing: 1",
    ),
    "actions from the top level": (
        lambda d: first_criterion(d)["actions"].__setitem__(3, [t("Nothing above")]),
        f"{CRITERION}.actions.3",
        "use a level below the top",
    ),
    "unknown document kind": (
        lambda d: first_criterion(d)["documents"].append("safeguarding_policy"),
        f"{CRITERION}.documents[1]",
        "no document 'safeguarding_policy'",
    ),
    "document that is not a code": (
        lambda d: first_criterion(d).__setitem__("documents", [{"kind": "online_safety_policy"}]),
        f"{CRITERION}.documents[0]",
        "no document",
    ),
    "documents not a list": (
        lambda d: first_criterion(d).__setitem__("documents", 5),
        f"{CRITERION}.documents",
        "must be a list of document codes",
    ),
    "duplicate criterion": (
        lambda d: d["areas"][1]["criteria"][0].__setitem__("code", "filtering"),
        "areas[1].criteria[0].code",
        "criterion 'filtering' is already in areas[0]",
    ),
    "duplicate area": (
        lambda d: d["areas"][1].__setitem__("code", "technical"),
        "areas[1].code",
        "area 'technical' is defined twice",
    ),
    "non-consecutive scale": (
        lambda d: d.__setitem__("scale", {1: t("One"), 2: t("Two"), 4: t("Four")}),
        "scale",
        "levels must be consecutive",
    ),
    "scale of one level": (
        lambda d: d.__setitem__("scale", {1: t("Only")}),
        "scale",
        "must have between 2 and 7 levels",
    ),
    "required that is not true or false": (
        lambda d: d["documents"]["reporting_poster"].__setitem__("required", "yes"),
        "documents.reporting_poster.required",
        "must be true or false",
    ),
    "unknown field": (
        lambda d: first_criterion(d).__setitem__("weight", 2),
        f"{CRITERION}.weight",
        "unknown field",
    ),
    "version below one": (lambda d: d.__setitem__("version", 0), "version", "must be 1 or more"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_broken_framework_is_reported_with_file_and_key_and_not_loaded(tmp_path, case):
    change, key, fragment = CASES[case]
    path = write(tmp_path, broken(change))
    frameworks, problems = read_frameworks(tmp_path)
    assert any(p.file == str(path) and p.key == key and fragment in p.message for p in problems), problems
    assert "mini" not in frameworks
    with pytest.raises(DefinitionError) as raised:
        load_frameworks(tmp_path)
    assert f"{path}: {key}: " in str(raised.value)


def test_a_version_2_without_replaces_is_reported(tmp_path):
    write(tmp_path, valid(), "mini.v1.yaml")
    data = second_version({})
    del data["replaces"]
    v2 = write(tmp_path, data, "mini.v2.yaml")
    _, problems = read_frameworks(tmp_path)
    assert problems == [Problem(str(v2), "replaces", "must name the version it replaces (1)")]


def test_replaces_naming_unknown_criteria_is_reported(tmp_path):
    write(tmp_path, valid(), "mini.v1.yaml")
    v2 = write(tmp_path, second_version({"ghost": "web-filtering", "filtering": "phantom"}), "mini.v2.yaml")
    _, problems = read_frameworks(tmp_path)
    assert problems == [
        Problem(str(v2), "replaces.criteria.ghost", "no such criterion in the version 1"),
        Problem(str(v2), "replaces.criteria.filtering", "no criterion 'phantom' here"),
    ]


def test_replaces_naming_the_wrong_version_is_reported(tmp_path):
    write(tmp_path, valid(), "mini.v1.yaml")
    data = second_version({})
    data["replaces"]["version"] = 3
    v2 = write(tmp_path, data, "mini.v2.yaml")
    _, problems = read_frameworks(tmp_path)
    assert problems == [Problem(str(v2), "replaces.version", "must be 1, the version before it")]


def test_a_version_replacing_one_that_is_not_loaded_is_reported(tmp_path):
    v2 = write(tmp_path, second_version({}), "mini.v2.yaml")
    _, problems = read_frameworks(tmp_path)
    assert problems == [Problem(str(v2), "replaces", "version 1 is not loaded")]


def test_two_files_with_the_same_code_and_version_are_reported(tmp_path):
    first = write(tmp_path, valid(), "a-mini.yaml")
    second = write(tmp_path, valid(), "b-mini.yaml")
    frameworks, problems = read_frameworks(tmp_path)
    assert problems == [Problem(str(second), "version", f"mini version 1 is also in {first}")]
    assert frameworks.current("mini").file == str(first)


def test_files_without_code_or_version_are_not_taken_for_duplicates(tmp_path):
    write(tmp_path, {"name": "A"}, "a.yaml")
    write(tmp_path, {"name": "B"}, "b.yaml")
    _, problems = read_frameworks(tmp_path)
    assert {p.key for p in problems} >= {"code", "version", "scale", "areas"}
    assert not any("is also in" in p.message for p in problems)


def test_a_yaml_syntax_error_and_a_missing_directory_are_problems(tmp_path):
    bad = write(tmp_path, "code: mini\nname: [unclosed\n", "bad.yaml")
    _, problems = read_frameworks([tmp_path, tmp_path / "nowhere"])
    assert [(p.file, p.key) for p in problems] == [(str(bad), "<root>"), (str(tmp_path / "nowhere"), "<root>")]
    assert "YAML syntax error" in problems[0].message
    assert problems[1].message == "no such directory"
