"""`flask translations status`: per language the counts of missing, empty and fuzzy messages; --strict exits
non-zero with one line per problem."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from accreditation.cli import translations


def _catalogue(folder, locale: str, messages: list[tuple[str, str, bool]]) -> None:
    catalogue = Catalog(locale=locale, charset="utf-8")
    for message, translation, fuzzy in messages:
        catalogue.add(message, translation, flags=["fuzzy"] if fuzzy else [])
    path = folder / locale / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write_po(file, catalogue)


def _used(*messages: str) -> Catalog:
    catalogue = Catalog(charset="utf-8")
    for message in messages:
        catalogue.add(message, None, [("templates/x.html", 1)])
    return catalogue


def test_status_counts_missing_empty_and_fuzzy_and_strict_fails(app, tmp_path, monkeypatch):
    _catalogue(
        tmp_path, "ro", [("Sign in", "Autentificare", False), ("Sign out", "", False), ("Save", "Salvați", True)]
    )
    monkeypatch.setattr(translations, "CATALOGUES", tmp_path)
    monkeypatch.setattr(translations, "extract_messages", lambda: _used("Sign in", "Sign out", "Save", "Cancel"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["translations", "status", "--locale", "ro", "--locale", "be"])
    assert result.exit_code == 0, result.output
    assert "ro: 1 missing, 1 empty, 1 fuzzy" in result.output
    assert "be: 4 missing, 0 empty, 0 fuzzy (no catalogue yet: pages in English)" in result.output
    strict = runner.invoke(args=["translations", "status", "--locale", "ro", "--strict"])
    assert strict.exit_code == 1
    assert "ro: missing: 'Cancel' (templates/x.html:1)" in strict.output
    assert "ro: empty: 'Sign out'" in strict.output and "ro: fuzzy: 'Save'" in strict.output


def test_strict_passes_on_a_complete_catalogue(app, tmp_path, monkeypatch):
    _catalogue(tmp_path, "be", [("Sign in", "Увайсці", False)])
    monkeypatch.setattr(translations, "CATALOGUES", tmp_path)
    monkeypatch.setattr(translations, "extract_messages", lambda: _used("Sign in"))
    result = app.test_cli_runner().invoke(args=["translations", "status", "--locale", "be", "--strict"])
    assert result.exit_code == 0 and "be: 0 missing, 0 empty, 0 fuzzy" in result.output
