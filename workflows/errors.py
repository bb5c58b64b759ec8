"""Typed errors raised when an event cannot be fired; each carries a message a person can read."""

from __future__ import annotations

from collections.abc import Iterable

from .texts import gettext as _


class WorkflowError(Exception):
    """Base class: an event could not be fired. ``reasons`` are human sentences."""

    def __init__(self, message: str, reasons: Iterable[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reasons: list[str] = list(reasons) if reasons is not None else [message]


class UnknownState(WorkflowError):
    def __init__(self, state: str) -> None:
        self.state = state
        super().__init__(_("The state %(state)s is not part of this programme.", state=repr(state)))


class UnknownEvent(WorkflowError):
    def __init__(self, event: str) -> None:
        self.event = event
        super().__init__(_("There is no action called %(event)s in this programme.", event=repr(event)))


class TransitionNotAllowed(WorkflowError):
    def __init__(self, event: str, state: str) -> None:
        self.event = event
        self.state = state
        super().__init__(
            _(
                "%(event)s cannot be done while the application is in state %(state)s.",
                event=repr(event),
                state=repr(state),
            )
        )


class RoleNotAllowed(WorkflowError):
    def __init__(self, event: str, roles: Iterable[str]) -> None:
        self.event = event
        self.roles = frozenset(roles)
        shown = ", ".join(sorted(self.roles)) or _("no role")
        super().__init__(_("%(event)s cannot be done with your role (%(roles)s).", event=repr(event), roles=shown))


class MissingData(WorkflowError):
    """Data the event requires (a comment, a date, a level, a list of items) is absent or unusable."""

    def __init__(self, fields: Iterable[str], reasons: Iterable[str] | None = None) -> None:
        self.fields = tuple(fields)
        if reasons is None:
            reasons = [_("Please provide the %(field)s.", field=field) for field in self.fields]
        super().__init__(_("Missing information: %(fields)s.", fields=", ".join(self.fields)), reasons)


class GuardFailed(WorkflowError):
    """One or more guards said no; ``reasons`` tell a person what to do about it."""

    def __init__(self, reasons: Iterable[str]) -> None:
        reasons = list(reasons)
        super().__init__(" ".join(reasons) or _("A condition is not met."), reasons)
