"""The joints where the features plug into the core and the plumbing, filled once per application by
``accreditation.wiring`` and kept in ``app.extensions["joints"]``.

The core and the plumbing name what they need (an action, the evidence the guards read, the composer of a kind of
delivery, the sender of a task) and look it up here; the feature that provides it registers it from its own
``register(joints)``. Nothing here imports a feature, so nothing below the features does either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

if TYPE_CHECKING:
    from workflows import Registry

EXTENSION_KEY = "joints"

Registrar = Callable[["Registry"], None]  # registers guards, actions or decisions with the engine's registry
InTransactionAction = Callable[[Any, Any], object]  # (application, transition record), inside fire()'s transaction
Composer = Callable[[Any], Any]  # a delivery -> its message (deliveries.sending.Outgoing), or None: nothing to send
Sender = Callable[..., object]  # hands work to a worker (a Celery task's apply_async); raises when the broker is down


class NotWired(LookupError):
    """Nothing is registered under a name the core or the plumbing asked for."""


@dataclass
class Joints:
    """What the features contribute, by name.

    ``registrars`` each register guards, actions or decisions; ``in_transaction`` are actions run inside fire()'s
    transaction rather than as outbox jobs; ``evidence`` makes what the guards read about a self-assessment and its
    review (``applications.evidence.Evidence``); ``composers`` make the message of each kind of delivery (by the
    ``kind`` written on the delivery; ``deliveries.queue.deliver`` refuses a kind with no composer);
    ``senders`` hand a job to a worker; ``whereabouts`` says where a person works (their country and time zone,
    ``i18n.Whereabouts``), for the dates and times written to them.
    """

    registrars: list[Registrar] = field(default_factory=list)
    in_transaction: dict[str, InTransactionAction] = field(default_factory=dict)
    evidence: Callable[[], Any] | None = None
    composers: dict[str, Composer] = field(default_factory=dict)
    senders: dict[str, Sender] = field(default_factory=dict)
    whereabouts: Callable[[Any], Any] | None = None

    def composer(self, kind: str) -> Composer:
        return _named(self.composers, kind, "composer of deliveries")

    def sender(self, name: str) -> Sender:
        return _named(self.senders, name, "task sender")


def _named(registered: dict[str, Any], name: str, what: str) -> Any:
    try:
        return registered[name]
    except KeyError:
        raise NotWired(f"no {what} {name!r} is registered (see accreditation.wiring)") from None


def joints_of(app: Flask) -> Joints:
    """The app's joints (NotWired before ``accreditation.wiring.wire`` ran)."""
    try:
        return app.extensions[EXTENSION_KEY]
    except KeyError:
        raise NotWired("the application is not wired: call accreditation.wiring.wire(app) first") from None


def current_joints() -> Joints:
    return joints_of(current_app)
