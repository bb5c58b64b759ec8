"""The networks' typed errors, with their HTTP statuses."""

from __future__ import annotations

from accreditation.applications.errors import ApplicationError


class NetworkNotFound(ApplicationError):
    """No such network, or one the person may not see (answered alike, so nobody learns which exist)."""

    status = 404


class NetworkForbidden(ApplicationError):
    """The person sees the network but may not change it."""

    status = 403


class NetworkInvalid(ApplicationError):
    """Bad input: an unknown school, region or person, a school outside the network's country, an empty name."""

    status = 422
