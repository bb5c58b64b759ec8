"""Applications: the domain operations on a school's cycle in a programme.

``fire`` is the only way a state changes; ``start_application`` opens a cycle; guards, actions and decisions are
registered with the engine's registry at start-up (``init_workflows``, with what the features contribute through
``accreditation.joints``); follow-up jobs go through the outbox.
"""

from accreditation.applications.errors import (
    ApplicationError,
    ApplicationNotFound,
    CycleAlreadyOpen,
    InvalidAssignment,
    NotConfirmed,
    NotPermitted,
    NotYours,
    SchoolNotVerified,
    StaleVersion,
    UnknownModule,
    UnknownProgramme,
    http_status,
)
from accreditation.applications.loading import init_workflows
from accreditation.applications.operations import (
    JOIN_EVENT,
    complete_module,
    fire,
    fire_and_commit,
    start_application,
)
from accreditation.applications.outbox import commit_and_relay, relay_outbox, run_job
from accreditation.applications.runtime import Workflows, current_workflows

__all__ = [
    "JOIN_EVENT",
    "ApplicationError",
    "ApplicationNotFound",
    "CycleAlreadyOpen",
    "InvalidAssignment",
    "NotConfirmed",
    "NotPermitted",
    "NotYours",
    "SchoolNotVerified",
    "StaleVersion",
    "UnknownModule",
    "UnknownProgramme",
    "Workflows",
    "commit_and_relay",
    "complete_module",
    "current_workflows",
    "fire",
    "fire_and_commit",
    "http_status",
    "init_workflows",
    "relay_outbox",
    "run_job",
    "start_application",
]
