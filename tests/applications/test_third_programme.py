"""A third programme added as a data file alone (the engine's test fixture), loaded through WORKFLOW_DIRS, runs
end to end through fire() and shows on the pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accreditation.applications import Workflows, init_workflows
from accreditation.extensions import db
from tests.applications.builders import application, assign, fire_as, jobs, records, start
from tests.applications.web import signed_in
from tests.workflows.conftest import THIRD_DIR
from workflows import GuardFailed


@pytest.fixture
def third(app, monkeypatch) -> Iterator[Workflows]:
    """The application's programmes reloaded with WORKFLOW_DIRS naming the third programme's folder."""
    original = app.extensions["workflows"]
    monkeypatch.setitem(app.config, "WORKFLOW_DIRS", [str(THIRD_DIR)])
    loaded = init_workflows(app)
    loaded.evidence = original.evidence
    yield loaded
    app.extensions["workflows"] = original


def test_the_third_programme_loads_beside_the_shipped_ones(third):
    assert sorted(third.programmes) == ["ciss", "digital-citizenship", "esafety-label"]


def test_the_third_programme_runs_end_to_end_through_fire(ctx, world, third, evidence):
    badge = start(world, "digital-citizenship")
    assign(badge, "assessor@example.org")
    fire_as(badge, "start", "staff.a@example.org")
    fire_as(badge, "hand_in", "head.a@example.org")
    fire_as(badge, "send_back", "assessor@example.org", comment="Add the pupils' reflections.")
    fire_as(badge, "hand_in", "head.a@example.org")
    fire_as(badge, "award", "assessor@example.org", level="badge")
    done = application(badge)
    assert (done.state, done.version, done.is_open, done.award_level) == ("awarded", 6, False, "badge")
    assert [(r.event, r.to_state, r.actor_role) for r in records(badge)][1:] == [
        ("start", "working", "school_staff"),
        ("hand_in", "submitted", "school_admin"),
        ("send_back", "working", "assessor"),
        ("hand_in", "submitted", "school_admin"),
        ("award", "awarded", "assessor"),
    ]
    # snapshot_self_assessment runs inside fire()'s transaction: it is no outbox job.
    # The assessor's e-mail on assignment is a job of the assignment, whatever the programme.
    assert [job.action for job in jobs(badge)] == [
        "notify_school",
        "notify_assignment",
        "notify_assessor",
        "notify_assessor",
        "issue_certificate",
        "notify_school",
    ]
    assert done.expires_at is not None and done.expires_at.year - done.awarded_at.year == 3


def test_the_third_programme_waits_for_the_self_assessment_like_the_others(ctx, world, third):
    badge = start(world, "digital-citizenship")
    fire_as(badge, "start", "head.a@example.org")
    with pytest.raises(GuardFailed, match="The self-assessment has not been completed yet"):
        fire_as(badge, "hand_in", "head.a@example.org")
    db.session.rollback()


def test_the_third_programme_is_drawn_and_joinable_on_the_pages(app, world, third):
    coordinator = signed_in(app, "coord.md@example.org")
    html = coordinator.get("/programmes").get_data(as_text=True)
    assert html.count("<svg") == 3 and "Digital Citizenship Badge" in html
    head = signed_in(app, "head.a@example.org")
    assert "Join programme Digital Citizenship Badge" in head.get(f"/schools/{world.school_a}").get_data(as_text=True)
