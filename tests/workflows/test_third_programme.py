"""A third programme added as a data file alone (no code) loads beside the shipped ones and runs end to end."""

from __future__ import annotations

import pytest

from tests.workflows.conftest import THIRD_DIR
from workflows import GuardFailed, MissingData, TransitionNotAllowed


def test_third_programme_loads_beside_the_shipped_ones(programmes):
    assert set(programmes) == {"ciss", "esafety-label", "digital-citizenship"}
    badge = programmes["digital-citizenship"]
    assert badge.definition.file == str(THIRD_DIR / "digital-citizenship.yaml")
    assert badge.initial == "enrolled"


def test_third_programme_runs_end_to_end_with_a_round_back(programmes):
    badge = programmes["digital-citizenship"]
    steps = []
    state = badge.initial
    for event, role, data in [
        ("start", "school_staff", {}),
        ("hand_in", "school_admin", {}),
        ("send_back", "assessor", {"comment": "Add the pupils' reflections."}),
        ("hand_in", "school_admin", {}),
        ("award", "assessor", {"level": "badge"}),
    ]:
        step = badge.advance(state, event, {}, roles={role}, data=data)
        steps.append(step)
        state = step.dest
    assert [step.dest for step in steps] == ["working", "submitted", "working", "submitted", "awarded"]
    assert steps[-1].actions == ("issue_certificate", "notify_school")
    assert badge.state(state).is_final
    assert badge.events_from(state) == []


def test_third_programme_guards_and_data_apply(programmes):
    badge = programmes["digital-citizenship"]
    with pytest.raises(GuardFailed) as caught:
        badge.advance(
            "working",
            "hand_in",
            {"self_assessment_complete": ["Two questions are unanswered."]},
            roles={"school_admin"},
        )
    assert caught.value.reasons == ["Two questions are unanswered."]
    with pytest.raises(MissingData):
        badge.advance("submitted", "award", {}, roles={"assessor"}, data={"level": "gold"})


def test_withdraw_from_any_state_means_every_state_that_is_not_final(programmes):
    badge = programmes["digital-citizenship"]
    assert set(badge.event("withdraw").sources) == {"enrolled", "working", "submitted"}
    with pytest.raises(TransitionNotAllowed):
        badge.advance("awarded", "withdraw", {}, roles={"school_admin"})


def test_third_programme_timer_fires_an_event_as_the_system(programmes):
    badge = programmes["digital-citizenship"]
    [timer] = [timer for timer in badge.timers("enrolled") if timer.action == "fire"]
    step = badge.advance("enrolled", timer.target, None, roles={"system"})
    assert step.dest == "lapsed"
