"""Typed errors of the assessor-quality operations, each with its HTTP status."""

from __future__ import annotations

from accreditation.applications.errors import ApplicationError


class QualityError(ApplicationError):
    """Bad input to a calibration, a moderation or a feedback form; the message says what to change."""

    status = 422


class QualityNotFound(QualityError):
    status = 404


class QualityNotPermitted(QualityError):
    status = 403


class QualityConflict(QualityError):
    """Already done, or no longer possible (answered, settled, closed)."""

    status = 409
