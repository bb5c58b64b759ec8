"""Typed errors of the training register; each maps to one HTTP status (``ApplicationError.status``)."""

from __future__ import annotations

from flask_babel import gettext as _

from accreditation.applications.errors import ApplicationError


class TrainingError(ApplicationError):
    """Bad input to the register; the message says what to change. Nothing was saved."""

    status = 422


class NotTheSchoolsAdmin(ApplicationError):
    status = 403

    def __init__(self) -> None:
        super().__init__(_("Only the school's admins keep its training register."))


class NoSuchTraining(ApplicationError):
    status = 404

    def __init__(self) -> None:
        super().__init__(_("This training is not in the school's register."))
