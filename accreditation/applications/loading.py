"""Loading the programmes and frameworks at start-up, with the registry of every guard, action and decision the
core and the features (``accreditation.joints``) provide."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from accreditation.applications.actions import register_actions
from accreditation.applications.evidence import NotYetRecorded
from accreditation.applications.guards import register_guards
from accreditation.applications.runtime import Workflows
from accreditation.joints import Joints, joints_of
from workflows import (
    ACTIONS,
    DECISIONS,
    FRAMEWORKS_DIR,
    GUARDS,
    PROGRAMMES_DIR,
    DefinitionError,
    Problem,
    Registry,
    load_programmes,
    read_frameworks,
)
from workflows.between_awards import criteria_problems


def build_registry(joints: Joints) -> Registry:
    """A registry holding a function for every guard, action and decision name in ``workflows.names``: the core's
    guards and e-mail actions, a no-op job for each in-transaction action, and whatever the features registered.
    RuntimeError naming the names left without a function."""
    registry = Registry()
    register_guards(registry)
    register_actions(registry, joints.in_transaction)
    for registrar in joints.registrars:
        registrar(registry)
    missing = [
        f"{kind}s without a function: {', '.join(sorted(absent))}"
        for kind, names, registered in (
            ("guard", GUARDS, registry.guard_names),
            ("action", ACTIONS, registry.action_names),
            ("decision", DECISIONS, registry.decision_names),
        )
        if (absent := set(names) - registered)
    ]
    if missing:
        raise RuntimeError("; ".join(missing))
    return registry


def programme_dirs(app: Flask) -> list[Path]:
    """The shipped programmes' folder and the extra folders of ``WORKFLOW_DIRS``."""
    return [PROGRAMMES_DIR, *(Path(folder) for folder in app.config.get("WORKFLOW_DIRS", []))]


def framework_dirs(app: Flask) -> list[Path]:
    """The shipped frameworks' folder and the extra folders of ``FRAMEWORK_DIRS``."""
    return [FRAMEWORKS_DIR, *(Path(folder) for folder in app.config.get("FRAMEWORK_DIRS", []))]


def load_workflows(app: Flask) -> Workflows:
    """Every programme and framework; DefinitionError listing every problem of either, including a programme
    that names a framework which is not there."""
    joints = joints_of(app)
    registry = build_registry(joints)
    frameworks, problems = read_frameworks(framework_dirs(app))
    try:
        programmes = load_programmes(programme_dirs(app), registry)
    except DefinitionError as error:
        problems = [*problems, *error.problems]
        programmes = {}
    for programme in programmes.values():
        code = programme.definition.framework
        if code and code not in frameworks:
            problems.append(Problem(programme.definition.file, "framework", f"no framework {code!r} is loaded"))
        elif code:  # a training threshold's criterion is one of the framework's (issue 30)
            criteria = {criterion.code for criterion in frameworks.current(code).criteria}
            problems += criteria_problems(programme.definition.between_awards, programme.definition.file, criteria)
    if problems:
        raise DefinitionError(problems)
    return Workflows(
        programmes=programmes,
        registry=registry,
        frameworks=frameworks,
        evidence=joints.evidence() if joints.evidence else NotYetRecorded(),
        in_transaction=dict(joints.in_transaction),
    )


def init_workflows(app: Flask) -> Workflows:
    """Load every programme and framework (DefinitionError if one is invalid) into ``app.extensions``; the app
    must be wired first (``accreditation.wiring.wire``)."""
    loaded = load_workflows(app)
    app.extensions["workflows"] = loaded
    return loaded
