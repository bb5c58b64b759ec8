"""A throw-away plugin, outside the application: one action, ``stamp_plaque``, registered through the joints as
any feature registers its own (``register``), named by its own programme (``programmes/plaque.yaml``) and loaded
through the ``PLUGINS`` and ``WORKFLOW_DIRS`` settings, without a line of the core changed."""

from __future__ import annotations

from pathlib import Path

from accreditation.joints import Joints
from accreditation.models import OutboxJob
from workflows import Registry

PROGRAMMES_DIR = Path(__file__).parent / "programmes"
STAMPED: list[tuple[int, int]] = []  # (application id, version) of every job the action ran


def stamp_plaque(job: OutboxJob) -> None:
    STAMPED.append((job.application_id, job.payload["version"]))


def register_actions(registry: Registry) -> None:
    registry.action("stamp_plaque")(stamp_plaque)


def register(joints: Joints) -> None:
    joints.registrars.append(register_actions)
