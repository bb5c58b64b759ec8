"""API views (being written)."""

from __future__ import annotations

from accreditation.api.description import bp  # noqa: F401
