"""The loaded programmes and frameworks, the registry of guards and actions, and the evidence the guards read:
built once at start-up (``init_workflows``) and kept in ``app.extensions["workflows"]``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from accreditation.applications.errors import UnknownProgramme
from accreditation.applications.evidence import Evidence, NotYetRecorded
from workflows import (
    FRAMEWORKS_DIR,
    PROGRAMMES_DIR,
    DefinitionError,
    Framework,
    Frameworks,
    Problem,
    Programme,
    Registry,
    load_programmes,
    read_frameworks,
)


@dataclass
class Workflows:
    programmes: dict[str, Programme]
    registry: Registry
    frameworks: Frameworks = field(default_factory=Frameworks)
    evidence: Evidence = field(default_factory=NotYetRecorded)

    def programme(self, code: str) -> Programme:
        """The programme called ``code``; UnknownProgramme if none is loaded."""
        try:
            return self.programmes[code]
        except KeyError:
            raise UnknownProgramme(code) from None

    def framework_of(self, programme: Programme, version: int | None = None) -> Framework | None:
        """The programme's framework: its current version, or ``version``; None when the programme has none."""
        code = programme.definition.framework
        if not code or code not in self.frameworks:
            return None
        return self.frameworks.current(code) if version is None else self.frameworks.get(code, version)


def build_registry() -> Registry:
    """A registry holding this application's function for every guard, action and decision name in
    ``workflows.names``."""
    from accreditation.applications.actions import register_actions
    from accreditation.applications.guards import register_guards
    from accreditation.review.decisions import register_decisions

    registry = Registry()
    register_guards(registry)
    register_actions(registry)
    register_decisions(registry)
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
    registry = build_registry()
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
    if problems:
        raise DefinitionError(problems)
    return Workflows(programmes=programmes, registry=registry, frameworks=frameworks)


def init_workflows(app: Flask) -> Workflows:
    """Load every programme and framework (DefinitionError if one is invalid) into ``app.extensions``."""
    from accreditation.assessment.evidence import RecordedEvidence

    loaded = load_workflows(app)
    loaded.evidence = RecordedEvidence()
    app.extensions["workflows"] = loaded
    return loaded


def current_workflows() -> Workflows:
    return current_app.extensions["workflows"]
