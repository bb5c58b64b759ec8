"""The loaded programmes, their registry of guards and actions, and the evidence the guards read: built once at
start-up (``init_workflows``) and kept in ``app.extensions["workflows"]``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from accreditation.applications.errors import UnknownProgramme
from accreditation.applications.evidence import Evidence, NotYetRecorded
from workflows import PROGRAMMES_DIR, Programme, Registry, load_programmes


@dataclass
class Workflows:
    programmes: dict[str, Programme]
    registry: Registry
    evidence: Evidence = field(default_factory=NotYetRecorded)

    def programme(self, code: str) -> Programme:
        """The programme called ``code``; UnknownProgramme if none is loaded."""
        try:
            return self.programmes[code]
        except KeyError:
            raise UnknownProgramme(code) from None


def build_registry() -> Registry:
    """A registry holding this application's function for every guard and action name in ``workflows.names``."""
    from accreditation.applications.actions import register_actions
    from accreditation.applications.guards import register_guards

    registry = Registry()
    register_guards(registry)
    register_actions(registry)
    return registry


def programme_dirs(app: Flask) -> list[Path]:
    """The shipped programmes' folder and the extra folders of ``WORKFLOW_DIRS``."""
    return [PROGRAMMES_DIR, *(Path(folder) for folder in app.config.get("WORKFLOW_DIRS", []))]


def init_workflows(app: Flask) -> Workflows:
    """Load every programme (DefinitionError listing every problem if one is invalid) into ``app.extensions``."""
    registry = build_registry()
    loaded = Workflows(programmes=load_programmes(programme_dirs(app), registry), registry=registry)
    app.extensions["workflows"] = loaded
    return loaded


def current_workflows() -> Workflows:
    return current_app.extensions["workflows"]
