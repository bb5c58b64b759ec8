"""Fixtures of the assessor-quality tests: the outbox relay recorded instead of sent, and a programme's
assessor_quality settings set for one test (the shipped programmes have none)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.applications.conftest import sent  # noqa: F401  (fixture)
from tests.certificates.conftest import dispatched  # noqa: F401  (fixture: deliveries recorded, not sent)
from workflows.assessor_quality import AssessorQuality


@pytest.fixture
def quality(app, monkeypatch):
    """``quality(programme_code, **settings)``: the programme's assessor_quality for this test."""

    def set_quality(code: str = "esafety-label", **values) -> AssessorQuality:
        programme = app.extensions["workflows"].programme(code)
        settings = AssessorQuality(**values)
        monkeypatch.setattr(programme, "definition", replace(programme.definition, assessor_quality=settings))
        return settings

    return set_quality
