"""Publishing a new framework version moves the answers of open self-assessments through its mapping; submitted
snapshots (and self-assessments under review) stay on their version."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from accreditation.assessment.answers import workspace
from accreditation.assessment.versions import publish_framework
from accreditation.extensions import db
from accreditation.models import ActionTick, Answer, Snapshot
from tests.applications.builders import fire_as, person
from tests.assessment.builders import HEAD_A, answer_all, framework_of, ready_for_answers, upload_required
from workflows import Framework, Frameworks, Replacement


def _version_two(v1: Framework) -> Framework:
    """v1 with its first criterion renamed, its second dropped, the rest kept under their codes."""
    first, second = v1.criteria[0], v1.criteria[1]
    renamed = replace(
        first,
        code=f"{first.code}-v2",
        actions=tuple(replace(a, key=a.key.replace(first.code, f"{first.code}-v2", 1)) for a in first.actions),
    )
    areas = []
    for area in v1.areas:
        criteria = tuple(renamed if c.code == first.code else c for c in area.criteria if c.code != second.code)
        areas.append(replace(area, criteria=criteria))
    mapping = {first.code: renamed.code, second.code: None}
    return Framework(v1.code, 2, v1.name, "v2.yaml", v1.scale, tuple(areas), v1.documents, Replacement(1, mapping))


@pytest.fixture
def add_version_two(app):
    """A function that adds a version 2 of the eSafety framework to the loaded ones (as a new file would)."""
    workflows = app.extensions["workflows"]
    original = workflows.frameworks

    def add() -> None:
        v1 = original.current("esafety-label")
        others = [f for code in original for f in original.versions(code) if code != v1.code]
        workflows.frameworks = Frameworks([*others, v1, _version_two(v1)])

    yield add
    workflows.frameworks = original


def test_open_self_assessments_move_to_the_new_version_and_snapshots_stay(app, world, add_version_two):
    with app.app_context():
        v1 = framework_of()
        first, second = v1.criteria[0], v1.criteria[1]
        # Two applications on v1: one submitted (then frozen), one still being answered.
        submitted = ready_for_answers(world, "esafety-label")
        answer_all(submitted)
        upload_required(submitted)
        fire_as(submitted, "submit", HEAD_A)
        # School B, still working: its answers and a ticked action on the renamed criterion.
        from tests.applications.builders import start

        working = start(world, "esafety-label", school="b")
        fire_as(working, "start_self_assessment", "head.b@example.org")
        answer_all(working, "head.b@example.org", level=1)
        key = first.actions_from(1)[0].key
        db.session.add(ActionTick(application_id=working, action_key=key))
        db.session.commit()

        add_version_two()
        report = publish_framework(v1.code)
        db.session.commit()
        assert report.moved == [working] and report.left == [submitted] and report.answers_dropped == 1

        space = workspace(working, person("head.b@example.org"))
        assert space.self_assessment.framework_version == 2
        answers = space.answers()
        assert f"{first.code}-v2" in answers and first.code not in answers and second.code not in answers
        assert answers[f"{first.code}-v2"].level == 1 and answers[f"{first.code}-v2"].revision == 2
        tick = db.session.scalars(select(ActionTick)).one()
        assert tick.action_key == key.replace(first.code, f"{first.code}-v2", 1)

        # The submitted application and its snapshot stay on version 1, with the old codes.
        snapshot = db.session.scalars(select(Snapshot)).one()
        assert snapshot.framework_version == 1
        assert {a.criterion_code for a in snapshot.answers} == {c.code for c in v1.criteria}
        kept = workspace(submitted, person(HEAD_A)).self_assessment
        assert kept.framework_version == 1

        # Publishing again changes nothing.
        again = publish_framework(v1.code)
        assert (
            again.moved == []
            and db.session.scalar(select(Answer.revision).where(Answer.criterion_code == f"{first.code}-v2")) == 2
        )
