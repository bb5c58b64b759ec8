"""`flask translations …`: keep the message catalogues in step with the code and templates."""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from accreditation.config import PROJECT_ROOT
from accreditation.i18n import CATALOGUES, SUPPORTED_LOCALES

METHOD_MAP = [
    ("accreditation/**.py", "python"),
    ("workflows/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def extract_messages(root: Path = PROJECT_ROOT) -> Catalog:
    """Every translatable message in the application's code and templates."""
    catalog = Catalog(project="safe-school-accreditation", charset="utf-8")
    extensions = "jinja2.ext.do,accreditation.layout.LayoutCache"  # base.html's {% layout_cached %} parts
    options = {"**.html": {"extensions": extensions}, "**.txt": {"extensions": extensions}}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), METHOD_MAP, options_map=options, keywords=KEYWORDS, strip_comment_tags=True
    ):
        if filename.startswith(("tests", "bench", ".venv", "migrations")):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


@click.group("translations")
def translations() -> None:
    """Message catalogues (accreditation/translations)."""


@translations.command("update")
@click.option("--locale", "locales", multiple=True, help="Only these locales (default: every supported one).")
def update_command(locales: tuple[str, ...]) -> None:
    """Extract the messages and merge them into each locale's catalogue (new ones untranslated; gone ones marked
    obsolete). Prints how many messages each catalogue still lacks."""
    template = extract_messages()
    for locale in locales or [code for code in SUPPORTED_LOCALES if code != "en"]:
        path = CATALOGUES / locale / "LC_MESSAGES" / "messages.po"
        if path.exists():
            with path.open("rb") as file:
                catalog = read_po(file, locale=locale)
        else:
            catalog = Catalog(locale=locale, project="safe-school-accreditation", charset="utf-8")
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            write_po(file, catalog, width=120, omit_header=False, sort_output=False, ignore_obsolete=True)
        missing = sum(1 for message in catalog if message.id and not message.string)
        click.echo(f"{locale}: {len(catalog)} messages, {missing} untranslated")


def catalogue_problems(locale: str, template: Catalog | None = None) -> tuple[dict[str, int], list[str]]:
    """What ``locale``'s catalogue lacks against the messages in use: the counts of missing, empty and fuzzy
    messages, and one line per problem."""
    template = template if template is not None else extract_messages()
    path = CATALOGUES / locale / "LC_MESSAGES" / "messages.po"
    shipped: dict[str, object] = {}
    if path.exists():
        with path.open("rb") as file:
            shipped = {_key(message): message for message in read_po(file, locale=locale) if message.id}
    counts = {"missing": 0, "empty": 0, "fuzzy": 0}
    lines = []
    for message in template:
        if not message.id:
            continue
        found = shipped.get(_key(message))
        forms = [] if found is None else ([found.string] if isinstance(found.string, str) else list(found.string))
        if found is None:
            problem = "missing"
        elif found.fuzzy:
            problem = "fuzzy"
        elif not forms or not all(form and form.strip() for form in forms):
            problem = "empty"
        else:
            continue
        counts[problem] += 1
        where = ", ".join(f"{file}:{line}" for file, line in message.locations[:1])
        lines.append(f"{locale}: {problem}: {_key(message)!r} ({where})")
    return counts, lines


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


@translations.command("status")
@click.option("--locale", "locales", multiple=True, help="Only these locales (default: every supported one).")
@click.option("--strict", is_flag=True, help="Exit non-zero, with one line per problem, when any message lacks.")
def status_command(locales: tuple[str, ...], strict: bool) -> None:
    """Per language, how many messages in use are missing from its catalogue, empty or fuzzy."""
    template = extract_messages()
    problems = []
    for locale in locales or [code for code in SUPPORTED_LOCALES if code != "en"]:
        counts, lines = catalogue_problems(locale, template)
        exists = (CATALOGUES / locale / "LC_MESSAGES" / "messages.po").exists()
        note = "" if exists else " (no catalogue yet: pages in English)"
        click.echo(f"{locale}: {counts['missing']} missing, {counts['empty']} empty, {counts['fuzzy']} fuzzy{note}")
        problems += lines
    if strict and problems:
        for line in problems:
            click.echo(line, err=True)
        raise SystemExit(1)
