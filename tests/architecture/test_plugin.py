"""A throw-away action added from a test package (``tests.architecture.plugin``) through the composition root's
``PLUGINS`` setting, without editing the core: the programme naming it loads, fire() queues its job in the outbox,
the relay sends it, and running the job runs the plugin's function."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accreditation.applications import Workflows, init_workflows, run_job
from accreditation.joints import EXTENSION_KEY
from accreditation.wiring import wire
from tests.applications.builders import application, fire_as, jobs, start
from tests.applications.conftest import sent  # noqa: F401  (fixture: the outbox relay recorded, not sent)
from tests.architecture import plugin
from workflows import DefinitionError


@pytest.fixture
def plugged(app, monkeypatch) -> Iterator[Workflows]:
    """The application wired again with the plugin, and its programmes reloaded with the plugin's programme."""
    originals = app.extensions[EXTENSION_KEY], app.extensions["workflows"]
    monkeypatch.setitem(app.config, "PLUGINS", ["tests.architecture.plugin"])
    monkeypatch.setitem(app.config, "WORKFLOW_DIRS", [str(plugin.PROGRAMMES_DIR)])
    wire(app)
    loaded = init_workflows(app)
    loaded.evidence = originals[1].evidence
    yield loaded
    app.extensions[EXTENSION_KEY], app.extensions["workflows"] = originals


def test_the_plugins_action_runs_through_fire_and_the_outbox(ctx, world, plugged, sent):  # noqa: F811
    assert "stamp_plaque" in plugged.registry.action_names and "plaque" in plugged.programmes
    plugin.STAMPED.clear()
    plaque = start(world, "plaque")
    fire_as(plaque, "start", world.emails["school_admin_a"])
    queued = [job for job in jobs(plaque) if job.action == "stamp_plaque"]
    assert len(queued) == 1 and queued[0].id in sent
    assert plugin.STAMPED == []  # queued, not run: it runs in the worker
    assert run_job(queued[0].id) == "done"
    assert run_job(queued[0].id) == "already done"
    stamped = list(plugin.STAMPED)
    assert stamped == [(plaque, application(plaque).version)]


def test_without_the_plugin_its_programme_does_not_load(app, monkeypatch):
    """The action exists only through the plugin: the same programme without it is refused at start-up."""
    originals = app.extensions[EXTENSION_KEY], app.extensions["workflows"]
    monkeypatch.setitem(app.config, "WORKFLOW_DIRS", [str(plugin.PROGRAMMES_DIR)])
    try:
        wire(app)
        with pytest.raises(DefinitionError, match="stamp_plaque"):
            init_workflows(app)
    finally:
        app.extensions[EXTENSION_KEY], app.extensions["workflows"] = originals
