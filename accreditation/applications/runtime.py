"""The loaded programmes and frameworks, the registry of guards and actions, the actions run inside fire()'s
transaction, and the evidence the guards read: built once at start-up (``applications.loading.init_workflows``) and
kept in ``app.extensions["workflows"]``."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from accreditation.applications.errors import UnknownProgramme
from accreditation.applications.evidence import Evidence, NotYetRecorded
from accreditation.joints import InTransactionAction
from workflows import Framework, Frameworks, Programme, Registry


@dataclass
class Workflows:
    programmes: dict[str, Programme]
    registry: Registry
    frameworks: Frameworks = field(default_factory=Frameworks)
    evidence: Evidence = field(default_factory=NotYetRecorded)
    # Actions whose rows must commit with the state change (a submitted self-assessment is frozen before anyone can
    # edit it again): fire() runs them in its transaction; their outbox job only records that they ran.
    in_transaction: dict[str, InTransactionAction] = field(default_factory=dict)

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


def current_workflows() -> Workflows:
    return current_app.extensions["workflows"]
