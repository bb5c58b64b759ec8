"""The surveys' refusals, each with its HTTP status."""

from __future__ import annotations

from accreditation.applications.errors import ApplicationError


class SurveyError(ApplicationError):
    """A survey operation refused; ``message`` says why, for people."""

    status = 422


class SurveyNotFound(SurveyError):
    status = 404


class AlreadyAnswered(SurveyError):
    status = 409


class SurveyClosed(SurveyError):
    status = 410


class TooManyAnswers(SurveyError):
    """Too many answers in a short time, from one network address or to one window: try again in a minute."""

    status = 429
