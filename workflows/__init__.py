"""The workflow engine: programmes written as data (YAML), checked, and compiled onto one ``transitions`` machine
each. Pure Python: no Flask, SQLAlchemy or ``accreditation`` import. See README.md in this folder for the file
format.
"""

from .definition import AwardLevel, Awards, Event, IntermediateAward, ProgrammeDefinition, State, Timer
from .diagram import FORMATS as DIAGRAM_FORMATS
from .errors import (
    GuardFailed,
    MissingData,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownEvent,
    UnknownState,
    WorkflowError,
)
from .framework_loading import FRAMEWORKS_DIR, load_frameworks, read_frameworks
from .framework_model import Action, Area, Criterion, DocumentKind, Framework, Frameworks, Replacement
from .loading import PROGRAMMES_DIR, check, load_programme, load_programmes
from .names import ACTIONS, DECISIONS, GUARDS
from .problems import DefinitionError, Problem
from .programme import Programme, Step
from .registry import Reason, Registry
from .roles import HUMAN_ROLES, ROLES, SYSTEM
from .texts import Text

__all__ = [
    "FRAMEWORKS_DIR",
    "Action",
    "Area",
    "Criterion",
    "DocumentKind",
    "Framework",
    "Frameworks",
    "Replacement",
    "Text",
    "load_frameworks",
    "read_frameworks",
    "ACTIONS",
    "DECISIONS",
    "DIAGRAM_FORMATS",
    "GUARDS",
    "HUMAN_ROLES",
    "PROGRAMMES_DIR",
    "ROLES",
    "SYSTEM",
    "AwardLevel",
    "Awards",
    "DefinitionError",
    "Event",
    "GuardFailed",
    "IntermediateAward",
    "MissingData",
    "Reason",
    "Problem",
    "Programme",
    "ProgrammeDefinition",
    "Registry",
    "RoleNotAllowed",
    "State",
    "Step",
    "Timer",
    "TransitionNotAllowed",
    "UnknownEvent",
    "UnknownState",
    "WorkflowError",
    "check",
    "load_programme",
    "load_programmes",
]
