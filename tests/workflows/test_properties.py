"""Property tests: random event sequences by random roles, with guards randomly passing or failing.

For every attempt an independent oracle, written from the definition alone, says what must happen; the engine
must agree. Along the way: the state never leaves the programme's states, no role fires what it may not, a failed
attempt changes nothing, every change of state is a step (the caller's transition record), and the shared
machine holds no model afterwards.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflows import (
    ROLES,
    GuardFailed,
    MissingData,
    Programme,
    RoleNotAllowed,
    Step,
    TransitionNotAllowed,
    UnknownEvent,
    WorkflowError,
)

CODES = ["ciss", "esafety-label", "digital-citizenship"]
GOOD_DATA = {"comment": "Because.", "date": "2031-05-06", "items": ["Update the policy"]}
BAD_DATA = {"comment": "  ", "date": "soon", "items": [], "level": "diamond"}


def expected_error(programme: Programme, state: str, event: str, role: str, failing: dict, data: dict) -> type | None:
    """What the definition says must happen: the error type, or None for a move."""
    if event not in programme.events:
        return UnknownEvent
    definition = programme.events[event]
    if role not in definition.roles:
        return RoleNotAllowed
    if state not in definition.sources:
        return TransitionNotAllowed
    for requirement in definition.requires:
        value = data.get(requirement)
        if requirement == "level":
            if value not in {level.code for level in programme.awards.levels}:
                return MissingData
        elif value != GOOD_DATA[requirement]:
            return MissingData
    if any(guard in failing for guard in definition.guards):
        return GuardFailed
    return None


@st.composite
def attempt(draw: st.DrawFn, programme: Programme, state: str) -> tuple[str, str, dict, dict]:
    """One attempt: mostly an event possible now by one of its roles, sometimes anything by anyone."""
    possible = programme.events_from(state)
    onward = [event for event in possible if not programme.states[event.dest].is_final]
    if possible and draw(st.integers(0, 9)) < 8:
        # Mostly onward (so that runs get deep), mostly by a role that may fire it (so that they move).
        event = draw(st.sampled_from(onward if onward and draw(st.integers(0, 3)) else possible))
        name = event.name
        roles = sorted(event.roles) if draw(st.integers(0, 3)) else sorted(ROLES)
        role = draw(st.sampled_from(roles))
    else:
        name = draw(st.sampled_from([*programme.events, "no_such_event"]))
        role = draw(st.sampled_from(sorted(ROLES)))
    guards = sorted({guard for event in programme.events.values() for guard in event.guards})
    failing = {guard: [f"{guard} says no"] for guard in guards if draw(st.integers(0, 5)) == 0}
    levels = [level.code for level in programme.awards.levels] if programme.awards else []
    data = {}
    for requirement in ("comment", "date", "items", "level"):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            continue
        if choice == 1:
            data[requirement] = BAD_DATA[requirement]
        elif requirement == "level":
            data[requirement] = draw(st.sampled_from(levels)) if levels else "diamond"
        else:
            data[requirement] = GOOD_DATA[requirement]
    return name, role, failing, data


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_attempts_follow_the_definition(programmes, code, data):
    programme = programmes[code]
    # From the start, or from any state an application might be stored in.
    if data.draw(st.booleans(), label="from the initial state"):
        start = programme.initial
    else:
        start = data.draw(st.sampled_from(sorted(programme.states)), label="start")
    state = start
    record: list[Step] = []
    for _ in range(data.draw(st.integers(1, 40), label="length")):
        event, role, failing, given_data = data.draw(attempt(programme, state), label="attempt")
        expected = expected_error(programme, state, event, role, failing, given_data)
        if event in programme.events:
            refused = expected in (RoleNotAllowed, TransitionNotAllowed)
            assert programme.may_fire({role}, state, event) is not refused
        before = state
        try:
            step = programme.advance(state, event, failing, roles={role}, data=given_data)
        except WorkflowError as error:
            assert type(error) is expected, f"{event} by {role} in {state}: {error!r}, expected {expected}"
            if isinstance(error, GuardFailed):
                definition = programme.events[event]
                assert error.reasons == [reason for guard in definition.guards for reason in failing.get(guard, [])]
            assert state == before
        else:
            assert expected is None, f"{event} by {role} in {state} moved, expected {expected}"
            definition = programme.events[event]
            assert role in definition.roles
            assert step.source == state and step.event == event
            assert step.dest == definition.dest
            assert step.actions == programme.states[step.dest].on_enter
            record.append(step)
            state = step.dest
        assert state in programme.states
        assert programme.machine.models == []
    # Every change of state is a step, and the steps chain from the first state to the current one.
    position = start
    for step in record:
        assert step.source == position
        position = step.dest
    assert position == state


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_role_ever_fires_what_it_may_not(programmes, code, data):
    programme = programmes[code]
    state = data.draw(st.sampled_from(sorted(programme.states)), label="state")
    event = data.draw(st.sampled_from(sorted(programme.events)), label="event")
    roles = data.draw(st.sets(st.sampled_from(sorted(ROLES)), max_size=3), label="roles")
    allowed = bool(roles & programme.events[event].roles)
    complete_data: dict[str, Any] = {**GOOD_DATA}
    if programme.awards:
        complete_data["level"] = programme.awards.levels[0].code
    try:
        step = programme.advance(state, event, {}, roles=roles, data=complete_data)
    except RoleNotAllowed:
        assert not allowed
    except TransitionNotAllowed:
        assert allowed and state not in programme.events[event].sources
    else:
        assert allowed and state in programme.events[event].sources
        assert step.dest == programme.events[event].dest
    assert programme.machine.models == []
