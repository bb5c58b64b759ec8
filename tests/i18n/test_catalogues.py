"""The shipped message catalogues are complete: every message the code and the templates use (found by Babel's
own extraction over the project) has a translation in each catalogue, with its placeholders and plural forms,
and the programme files carry every text in each shipped language."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from accreditation.cli.translations import extract_messages
from accreditation.i18n import CATALOGUES, SUPPORTED_LOCALES, compile_catalogues
from workflows import PROGRAMMES_DIR, Text
from workflows.loading import programme_files
from workflows.programme_parsing import parse_programme
from workflows.yaml_source import read_yaml

TRANSLATED = [code for code in SUPPORTED_LOCALES if code != "en"]
# A language whose catalogue is not written yet is expected to fail; once its file exists, every test enforces it.
NOT_YET_WRITTEN = [code for code in TRANSLATED if not (CATALOGUES / code / "LC_MESSAGES" / "messages.po").exists()]
LOCALES = [
    pytest.param(code, marks=pytest.mark.xfail(reason=f"no {code} catalogue yet", strict=False))
    if code in NOT_YET_WRITTEN
    else code
    for code in TRANSLATED
]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def used() -> Catalog:
    """Every message marked for translation in accreditation/, workflows/ and templates/."""
    return extract_messages()


def _shipped(locale: str) -> Catalog:
    with (CATALOGUES / locale / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=locale)


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def test_extraction_finds_the_messages_of_code_templates_and_engine(used):
    ids = {_key(message) for message in used if message.id}
    assert len(ids) > 900
    assert "Sign in" in ids  # a template
    assert "The e-mail address or the password is not right." in ids  # code
    assert "Please give a date." in ids  # the workflow engine
    assert "%(num)s application" in ids  # a plural form in a template


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_in_use_is_translated_in_the_shipped_catalogue(used, locale):
    shipped = {_key(message): message for message in _shipped(locale) if message.id}
    problems = []
    for message in used:
        if not message.id:
            continue
        found = shipped.get(_key(message))
        where = ", ".join(f"{file}:{line}" for file, line in message.locations[:2])
        if found is None:
            problems.append(f"missing: {_key(message)!r} ({where})")
        elif found.fuzzy:
            problems.append(f"fuzzy: {_key(message)!r}")
        elif not all(form.strip() for form in _forms(found)):
            problems.append(f"untranslated: {_key(message)!r} ({where})")
        elif message.pluralizable != found.pluralizable:
            problems.append(f"plural forms differ: {_key(message)!r}")
    assert not problems, f"{locale}: {len(problems)} problems, e.g.\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_their_placeholders_and_plural_forms(locale):
    catalogue = _shipped(locale)
    assert catalogue.num_plurals == get_plural(locale).num_plurals  # three forms in ru, uk, be and ro
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        forms = _forms(message)
        if message.pluralizable and len(forms) != catalogue.num_plurals:
            problems.append(f"{len(forms)} forms: {source!r}")
        for form in forms:
            if set(PLACEHOLDER.findall(form)) != set(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {source!r} → {form!r}")
            if source.count("%%") != form.count("%%") or "%" in PLACEHOLDER.sub("", form).replace("%%", ""):
                problems.append(f"a bare or missing %: {source!r} → {form!r}")
    assert not problems, "\n".join(problems[:30])


def test_the_catalogues_compile(tmp_path):
    assert set(compile_catalogues(CATALOGUES, tmp_path)) == set(TRANSLATED) - set(NOT_YET_WRITTEN)
    for locale in set(TRANSLATED) - set(NOT_YET_WRITTEN):
        assert (tmp_path / locale / "LC_MESSAGES" / "messages.mo").stat().st_size > 10_000


def _labels(definition) -> list[tuple[str, Text]]:
    texts = [("name", definition.name), ("description", definition.description)]
    texts += [(f"states.{name}", state.label) for name, state in definition.states.items()]
    texts += [(f"events.{name}", event.label) for name, event in definition.events.items()]
    if definition.awards:
        texts += [(f"awards.{level.code}", level.label) for level in definition.awards.levels]
        if definition.awards.intermediate:
            texts.append(("awards.intermediate", definition.awards.intermediate.label))
    return texts


@pytest.mark.parametrize("path", programme_files(PROGRAMMES_DIR)[0], ids=lambda path: path.name)
def test_every_text_of_a_shipped_programme_is_in_each_shipped_language(path):
    data, problems = read_yaml(path)
    definition, found = parse_programme(data, path.name)
    assert not problems and not found
    missing = [
        f"{key} ({language})"
        for key, label in _labels(definition)
        for language in SUPPORTED_LOCALES
        if not label.translations.get(language)
    ]
    assert not missing, f"{path.name}: no text for " + ", ".join(missing)


def test_a_programme_label_falls_back_to_english_and_may_be_a_plain_string():
    data = {
        "code": "p",
        "name": {"en": "Badge", "ru": "Значок"},
        "states": {"a": {"label": "Started", "kind": "initial"}, "b": {"label": {"en": "Done", "uk": "Готово"}}},
        "events": {"go": {"label": "Go", "from": "a", "to": "b", "roles": ["admin"]}},
    }
    definition, problems = parse_programme(data, "p.yaml")
    assert not problems
    assert definition.name == "Badge" and definition.name.in_("ru") == "Значок" and definition.name.in_("uk") == "Badge"
    assert definition.states["b"].label.in_("uk") == "Готово" and definition.states["b"].label.in_("ru") == "Done"
    assert definition.states["a"].label.in_("ru") == "Started"


def test_a_programme_label_without_english_is_a_problem():
    data = {"code": "p", "name": {"ru": "Значок"}, "states": {"a": {"label": "A", "kind": "initial"}}, "events": {}}
    _, problems = parse_programme(data, "p.yaml")
    assert any(problem.key == "name" and "English" in problem.message for problem in problems)
