"""The layers of the code, checked on its import graph (``import_graph``: read with ``ast``, function-local imports
included): no import cycle anywhere, and the core and the plumbing never reach up into the features.

The layers, written once here:

- core: the engine (``workflows``), the tables (``accreditation.models``), the one way a state changes and what it
  needs (``accreditation.applications``), and how a request's transaction ends (``accreditation.transactions``).
  It imports only itself and the plumbing; it names what it needs from the features in ``accreditation.joints``.
- plumbing: what every layer uses and that knows no feature: the Flask extensions, the configuration, languages,
  mail, stored files, the web's shared hooks, access checks, request limits, the Celery app, the joints, the
  statements run on the driver's cursor (``prebuilt``), and the
  deliveries' machinery (claim, lease, send; each kind's message comes from its feature's composer).
- composition: ``accreditation`` (``create_app``) and ``accreditation.wiring``, which plug the features in.
- features: everything else (assessment, certificates, review, reminders, onboarding, dashboard, accounts, the pages,
  the API, the tasks, the CLI, the demo, ...). They may import the core, the plumbing and each other, without cycles.
"""

from __future__ import annotations

import ast

import pytest

from tests.architecture.import_graph import cycles, graph, imported, modules

CORE = ("workflows", "accreditation.models", "accreditation.applications", "accreditation.transactions")
PLUMBING = (
    "accreditation.extensions",
    "accreditation.config",
    "accreditation.i18n",
    "accreditation.collation",
    "accreditation.mail",
    "accreditation.storage",
    "accreditation.object_store",
    "accreditation.web",
    "accreditation.identity",
    "accreditation.layout",
    "accreditation.request_locale",
    "accreditation.access",
    "accreditation.request_limits",
    "accreditation.celery_app",
    "accreditation.broker_options",
    "accreditation.joints",
    "accreditation.deliveries",
    "accreditation.metrics",
    "accreditation.prebuilt",
)
COMPOSITION = ("accreditation", "accreditation.wiring")
TASKS = "accreditation.tasks"

# Plumbing that still reaches a feature, to be moved (each edge named; a new one fails).
PLUMBING_EXCEPTIONS = {
    ("accreditation.config", "accreditation.certificates.keys"),  # the signing key's setting is read at start-up
    ("accreditation.web", "accreditation.api.errors"),  # the API's error answer for requests under /api
}


def within(module: str, packages: tuple[str, ...] | str) -> bool:
    packages = (packages,) if isinstance(packages, str) else packages
    return any(module == package or module.startswith(f"{package}.") for package in packages)


def layer(module: str) -> str:
    if module in COMPOSITION:
        return "composition"
    if within(module, CORE):
        return "core"
    if within(module, PLUMBING):
        return "plumbing"
    return "feature"


@pytest.fixture(scope="module")
def edges() -> dict[str, set[str]]:
    return graph()


def test_the_graph_has_no_cycle() -> None:
    found = cycles(graph(runtime_only=True))
    assert not found, "modules in an import cycle:\n" + "\n".join(", ".join(cycle) for cycle in found)


def test_the_core_imports_no_feature_and_no_task(edges: dict[str, set[str]]) -> None:
    wrong = sorted(
        (module, target)
        for module, targets in edges.items()
        if layer(module) == "core"
        for target in targets
        if layer(target) not in {"core", "plumbing"} or within(target, TASKS)
    )
    assert not wrong, "the core imports above itself:\n" + "\n".join(f"{m} -> {t}" for m, t in wrong)


def test_the_plumbing_imports_no_feature(edges: dict[str, set[str]]) -> None:
    wrong = {
        (module, target)
        for module, targets in edges.items()
        if layer(module) == "plumbing"
        for target in targets
        if layer(target) in {"feature", "composition"}
    }
    assert wrong - PLUMBING_EXCEPTIONS == set(), sorted(wrong - PLUMBING_EXCEPTIONS)
    assert PLUMBING_EXCEPTIONS - wrong == set(), f"fixed, take them off the list: {PLUMBING_EXCEPTIONS - wrong}"


def test_every_named_package_exists() -> None:
    """The lists above name real modules (a renamed package would silently leave its layer)."""
    known = modules()
    missing = [name for name in (*CORE, *PLUMBING, *COMPOSITION, TASKS) if name not in known]
    assert not missing


def test_cycles_are_found_through_function_local_imports() -> None:
    """The graph sees an import written inside a function, and the cycle it closes."""
    source = ast.parse("def later():\n    from a import b\n")
    assert list(imported(source, "c", False, {"a", "a.b", "c"})) == ["a.b"]
    assert cycles({"a.b": {"c"}, "c": {"a.b"}, "d": {"c"}}) == [["a.b", "c"]]


def test_type_checking_imports_count_for_the_layers_only() -> None:
    source = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from a import b\n")
    assert list(imported(source, "c", False, {"a", "c"})) == ["a"]
    assert list(imported(source, "c", False, {"a", "c"}, runtime_only=True)) == []
