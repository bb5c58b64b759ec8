"""Firing an event through a programme: each bad attempt gets its own typed error, and the machine keeps nothing."""

from __future__ import annotations

import gc
import threading
from datetime import date

import pytest

from tests.workflows.conftest import stand_in_registry
from workflows import (
    PROGRAMMES_DIR,
    GuardFailed,
    MissingData,
    RoleNotAllowed,
    TransitionNotAllowed,
    UnknownEvent,
    UnknownState,
    WorkflowError,
    load_programme,
)
from workflows.machine import _Binding


@pytest.fixture
def ciss(programmes):
    return programmes["ciss"]


def test_unknown_event_is_refused(ciss):
    with pytest.raises(UnknownEvent, match="no action called 'teleport'"):
        ciss.advance("applied", "teleport", {}, roles={"coordinator"})


def test_unknown_state_is_refused(ciss):
    with pytest.raises(UnknownState):
        ciss.advance("limbo", "accept", {}, roles={"coordinator"})


def test_event_not_possible_from_this_state_is_refused(ciss):
    with pytest.raises(TransitionNotAllowed) as caught:
        ciss.advance("applied", "certify", {}, roles={"assessor"}, data={"level": "foundation"})
    assert (caught.value.event, caught.value.state) == ("certify", "applied")


def test_role_that_may_not_fire_is_refused(ciss):
    with pytest.raises(RoleNotAllowed) as caught:
        ciss.advance("applied", "accept", {}, roles={"school_admin", "school_staff"})
    assert caught.value.roles == {"school_admin", "school_staff"}


def test_missing_date_is_refused_with_a_reason(ciss):
    with pytest.raises(MissingData) as caught:
        ciss.advance("under_review", "schedule_visit", {}, roles={"assessor"}, data={})
    assert caught.value.fields == ("date",)
    assert caught.value.reasons == ["Please give a date."]


@pytest.mark.parametrize(
    ("event", "state", "data", "fields"),
    [
        ("schedule_visit", "under_review", {"date": "next Tuesday"}, ("date",)),
        ("reschedule_visit", "visit_scheduled", {"date": "2031-01-02"}, ("comment",)),
        ("request_changes", "under_review", {"items": []}, ("items",)),
        ("request_changes", "under_review", {"items": "fix it"}, ("items",)),
        ("certify", "visit_scheduled", {"level": "platinum"}, ("level",)),
        ("decline", "applied", None, ("comment",)),
    ],
)
def test_unusable_data_is_refused(ciss, event, state, data, fields):
    role = sorted(ciss.event(event).roles)[0]
    with pytest.raises(MissingData) as caught:
        ciss.advance(state, event, {}, roles={role}, data=data)
    assert caught.value.fields == fields


def test_dates_are_accepted_as_dates_or_iso_text(ciss):
    for value in (date(2031, 1, 2), "2031-01-02", "2031-01-02T09:30:00"):
        step = ciss.advance("under_review", "schedule_visit", {}, roles={"assessor"}, data={"date": value})
        assert step.dest == "visit_scheduled"


def test_level_choices_are_named_in_the_reason(ciss):
    assert ciss.missing_data("certify", {"level": "gold"}) == {
        "level": "Please choose a level: Foundation, Established, Exemplary."
    }


def test_failing_guards_give_every_reason_not_just_the_first(ciss):
    context = {
        "self_assessment_complete": ["Criterion 2.3 has no answer."],
        "required_documents_uploaded": ["The acceptable use policy is missing.", "The training log is missing."],
    }
    with pytest.raises(GuardFailed) as caught:
        ciss.advance("self_assessment", "submit", context, roles={"school_admin"})
    assert caught.value.reasons == [
        "Criterion 2.3 has no answer.",
        "The acceptable use policy is missing.",
        "The training log is missing.",
    ]


def test_blocking_reasons_explain_without_firing(ciss):
    context = {"modules_complete": ["Module 4 (reporting) is not complete."]}
    assert ciss.blocking_reasons("implementing", "start_self_assessment", context) == [
        "Module 4 (reporting) is not complete."
    ]
    assert ciss.blocking_reasons("implementing", "start_self_assessment", {}) == []
    with pytest.raises(TransitionNotAllowed):
        ciss.blocking_reasons("applied", "start_self_assessment", {})


def test_events_for_lists_the_buttons_of_each_role(ciss):
    assert [event.name for event in ciss.events_for({"coordinator"}, "applied")] == ["accept", "decline"]
    assert [event.name for event in ciss.events_for({"school_admin"}, "applied")] == ["withdraw"]
    assert [event.name for event in ciss.events_for({"assessor"}, "applied")] == []
    assert [event.name for event in ciss.events_from("certified")] == [
        "open_renewal",
        "suspend",
        "revoke",
        "expire",
    ]


def test_guard_returning_a_single_text_counts_as_one_reason():
    registry = stand_in_registry(modules_complete=lambda context: "Module 1 is not complete.")
    ciss = load_programme(PROGRAMMES_DIR / "ciss.yaml", registry)
    assert ciss.blocking_reasons("implementing", "start_self_assessment", None) == ["Module 1 is not complete."]


def test_a_guard_that_raises_leaves_no_model_on_the_machine():
    def broken_guard(context):
        raise RuntimeError("database went away")

    registry = stand_in_registry(modules_complete=broken_guard)
    ciss = load_programme(PROGRAMMES_DIR / "ciss.yaml", registry)
    with pytest.raises(RuntimeError):
        ciss.advance("implementing", "start_self_assessment", {}, roles={"school_admin"})
    assert ciss.machine.models == []


def test_machine_has_no_auto_transitions_and_no_models(ciss):
    assert not any(name.startswith("to_") for name in ciss.machine.events)
    assert set(ciss.machine.events) == set(ciss.events)
    assert ciss.machine.models == []


def test_many_applications_advanced_keep_nothing_on_the_machine(ciss):
    path = [
        ("applied", "accept", "coordinator", {}),
        ("implementing", "start_self_assessment", "school_admin", {}),
        ("self_assessment", "submit", "school_admin", {}),
        ("submitted", "start_review", "assessor", {}),
        ("under_review", "request_changes", "assessor", {"items": ["Add the policy"]}),
    ]
    applications = {number: "applied" for number in range(2000)}
    for state, event, role, data in path:
        for number in applications:
            assert applications[number] == state
            applications[number] = ciss.advance(state, event, {}, roles={role}, data=data).dest
            with pytest.raises(WorkflowError):
                ciss.advance(applications[number], "certify", {}, roles={"assessor"}, data={"level": "foundation"})
    assert set(applications.values()) == {"changes_requested"}
    assert ciss.machine.models == []
    gc.collect()
    assert not any(isinstance(thing, _Binding) for thing in gc.get_objects())


def test_threads_advancing_one_shared_machine_do_not_interfere(ciss):
    results: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(300):
                step = ciss.advance("submitted", "start_review", {}, roles={"assessor"})
                results.append(step.dest)
                with pytest.raises(GuardFailed):
                    ciss.advance(
                        "submitted", "start_review", {"assessor_assigned": ["No assessor."]}, roles={"assessor"}
                    )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == ["under_review"] * 2400
    assert ciss.machine.models == []


def test_a_single_role_given_as_text_is_one_role(ciss):
    assert ciss.may_fire("coordinator", "applied", "accept")
    assert ciss.advance("applied", "accept", {}, roles="coordinator").dest == "implementing"
    with pytest.raises(RoleNotAllowed):
        ciss.advance("applied", "accept", {}, roles="school_admin")


def test_an_event_ends_the_application_when_it_leads_to_a_final_state(ciss):
    ending = sorted(name for name in ciss.events if ciss.ends_application(name))
    assert ending == ["decline", "expire", "reject", "revoke", "supersede", "withdraw"]
    assert not ciss.ends_application("accept") and not ciss.ends_application("submit")
