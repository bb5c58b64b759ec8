"""Typed errors of the self-assessment and document operations; each maps to one HTTP status
(``accreditation.applications.errors.HTTP_STATUS``)."""

from __future__ import annotations

from flask_babel import gettext as _

from accreditation.applications.errors import ApplicationError


class AssessmentError(ApplicationError):
    """Bad input to the self-assessment; the message says what to change. Nothing was saved."""

    status = 422


class UnknownCriterion(AssessmentError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(_("There is no criterion %(code)s in this self-assessment's framework.", code=repr(code)))


class LevelOutOfScale(AssessmentError):
    def __init__(self, level: object, lowest: int, highest: int) -> None:
        self.level = level
        super().__init__(
            _(
                "%(level)s is not a level of this framework: choose one from %(lowest)s to %(highest)s.",
                level=repr(level),
                lowest=lowest,
                highest=highest,
            )
        )


class NotEditable(AssessmentError):
    """The self-assessment cannot be changed in the application's current state (e.g. it was submitted)."""

    status = 409


class UploadRefused(AssessmentError):
    """An upload that is not stored: wrong type, empty, a zip bomb, a bad name…"""


class UploadTooLarge(UploadRefused):
    status = 413

    def __init__(self, limit_mb: int) -> None:
        super().__init__(_("The file is larger than the limit of %(limit)s MB; nothing was stored.", limit=limit_mb))


class QuotaExceeded(UploadRefused):
    """An upload that would take the application's or the school's stored documents past their limit
    (``accreditation.assessment.quota``); 413 like a file over the size limit."""

    status = 413


class UnknownDocument(ApplicationError):
    status = 404

    def __init__(self) -> None:
        super().__init__(_("There is no such document, or you may not see it."))


class UnknownSnapshot(ApplicationError):
    status = 404

    def __init__(self, round_number: int) -> None:
        self.round = round_number
        super().__init__(_("This application has no submitted round %(round)s.", round=round_number))
