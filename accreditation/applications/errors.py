"""Typed errors of the application operations, and the one HTTP status each maps to.

The engine's errors (``workflows.errors``) say why an event cannot be fired; these add what only the application
knows: the row changed meanwhile, the person may not see it, a cycle is already open.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from accreditation.i18n import local
from workflows import (
    GuardFailed,
    MissingData,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownEvent,
    UnknownState,
    WorkflowError,
)


class ApplicationError(WorkflowError):
    """Base class of the application-side errors; ``message`` and ``reasons`` are sentences for people.
    A subclass defined elsewhere (e.g. the self-assessment's) names its HTTP status in ``status``."""

    status: int | None = None


class StaleVersion(ApplicationError):
    """The application changed since the page was loaded (or another request won the race)."""

    def __init__(self, application_id: int, expected: int | None, current: int | None = None) -> None:
        self.application_id = application_id
        self.expected = expected
        self.current = current
        super().__init__(
            _(
                "Someone else changed this application in the meantime. Nothing was saved: "
                "look at its new state and try again if it still makes sense."
            )
        )


class ApplicationNotFound(ApplicationError):
    """No such application."""

    def __init__(self, application_id: int) -> None:
        self.application_id = application_id
        super().__init__(_("There is no such application."))


class NotYours(ApplicationError):
    """The application exists, but the person holds no role on it (another school's, or an assessor's who is not
    assigned to it)."""

    def __init__(self, application_id: int) -> None:
        self.application_id = application_id
        super().__init__(_("This application is not one of yours: you may not see it."))


class UnknownProgramme(ApplicationError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(_("There is no programme called %(code)s.", code=repr(code)))


class NotPermitted(ApplicationError):
    """The person may see the object but not do this to it."""


class CycleAlreadyOpen(ApplicationError):
    def __init__(self, programme_name: str) -> None:
        super().__init__(
            _(
                "Your school already takes part in %(programme)s; finish or withdraw that cycle first.",
                programme=local(programme_name),
            )
        )


class SchoolNotVerified(ApplicationError):
    def __init__(self) -> None:
        super().__init__(_("Your school can join a programme once a coordinator has verified it."))


class UnknownModule(ApplicationError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(_("This programme has no module called %(code)s.", code=repr(code)))


class NotConfirmed(ApplicationError):
    """An event that ends the application (a final state follows it) sent from a page without its confirmation."""

    status = 422

    def __init__(self, also_missing: Iterable[str] = ()) -> None:
        message = _("Tick the box to confirm: this ends the application, and it cannot be undone.")
        super().__init__(message, [message, *also_missing])


class DecisionRequired(ApplicationError):
    """A decision's event (``decision:`` in the programme) fired as a bare event: only its decision operation may
    fire it, since it writes the decision's record with the transition. ``decision`` names the operation."""

    status = 422

    def __init__(self, event_label: str, decision: str) -> None:
        self.decision = decision
        super().__init__(
            _(
                "“%(event)s” is a decision: make it with its own form (or the API’s decision route), which records "
                "it with the review.",
                event=event_label,
            )
        )


class InvalidAssignment(ApplicationError):
    """An assessor assignment that cannot be made (not an assessor, out of their countries, already assigned)."""


# One HTTP status per error, used by the pages and the API. Subclasses first: the first match wins.
HTTP_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (ApplicationNotFound, 404),
    (NotYours, 403),
    (UnknownProgramme, 404),
    (UnknownEvent, 404),
    (UnknownModule, 404),
    (StaleVersion, 409),
    (TransitionNotAllowed, 409),
    (UnknownState, 409),
    (CycleAlreadyOpen, 409),
    (SchoolNotVerified, 409),
    (RoleNotAllowed, 403),
    (NotPermitted, 403),
    (MissingData, 422),
    (GuardFailed, 422),
    (InvalidAssignment, 422),
    (WorkflowError, 400),
)


def http_status(error: Exception) -> int:
    """The HTTP status of a domain error (500 for anything that is not one)."""
    own = getattr(error, "status", None)
    if isinstance(error, ApplicationError) and own is not None:
        return own
    return next((status for kind, status in HTTP_STATUS if isinstance(error, kind)), 500)
