"""One rule for where pages live: ``accreditation/pages/<name>/`` holds the blueprint ``<name>``, whose templates
are in ``templates/<name>/``; nothing but the composition root imports a page package."""

from __future__ import annotations

import re
from pathlib import Path

from tests.architecture.import_graph import ROOT, graph

PAGES = "accreditation.pages"
TEMPLATES = ROOT / "templates"
SHARED_TEMPLATE_FOLDERS = {"email", "errors", "macros"}


def test_every_blueprint_of_pages_lives_in_the_package_of_its_name(app):
    for name, blueprint in app.blueprints.items():
        if not blueprint.import_name.startswith("accreditation.") or blueprint.import_name.startswith(
            "accreditation.api"
        ):
            continue  # the API's blueprints (ours and flask-smorest's description)
        assert blueprint.import_name.startswith(f"{PAGES}.{name}."), (name, blueprint.import_name)
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith(f"{name}."):
                module = app.view_functions[rule.endpoint].__module__
                assert module.startswith(f"{PAGES}.{name}"), (rule.endpoint, module)


def test_every_page_package_has_its_template_folder_and_no_folder_is_orphaned(app):
    packages = {path.name for path in (ROOT / "accreditation" / "pages").iterdir() if (path / "__init__.py").exists()}
    folders = {path.name for path in TEMPLATES.iterdir() if path.is_dir()} - SHARED_TEMPLATE_FOLDERS
    page_blueprints = {name for name, bp in app.blueprints.items() if bp.import_name.startswith(PAGES)}
    assert packages == page_blueprints
    assert folders == packages, {
        "folders without pages": folders - packages,
        "pages without folder": packages - folders,
    }


def test_only_the_composition_root_imports_the_pages():
    importers = {
        module
        for module, targets in graph().items()
        if not module.startswith(PAGES) and any(t == PAGES or t.startswith(PAGES + ".") for t in targets)
    }
    assert importers <= {"accreditation"}, sorted(importers)


def test_templates_of_a_page_package_are_its_own():
    """A page renders templates from its own folder or the shared ones (``email/``, ``errors/``, ``macros/``)."""
    pages = ROOT / "accreditation" / "pages"
    wrong = []
    for path in pages.rglob("*.py"):
        package = path.relative_to(pages).parts[0]
        for template in re.findall(r"render_template\(\s*[\"']([^\"']+)[\"']", path.read_text()):
            folder = Path(template).parts[0] if "/" in template else ""
            if folder not in {package, *SHARED_TEMPLATE_FOLDERS}:
                wrong.append(f"{path.relative_to(ROOT)}: {template}")
    assert wrong == []
