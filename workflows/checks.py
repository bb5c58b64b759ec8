"""Checks of a parsed definition's meaning: names that refer to something, a graph with no dead ends."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from .definition import DECISION_DATA, Event, ProgrammeDefinition, State, Timer
from .problems import Problem
from .registry import Registry
from .roles import HUMAN_ROLES, ROLES, SYSTEM


def check_definition(definition: ProgrammeDefinition, registry: Registry) -> list[Problem]:
    """Every problem of meaning in ``definition``, given the guards and actions ``registry`` provides."""
    found = _Found(definition.file)
    _check_initial(found, definition)
    if not definition.events:
        found.graph_is_complete = False
    _check_events(found, definition, registry)
    for state in definition.states.values():
        _check_state(found, definition, state, registry)
    _check_awards(found, definition)
    _check_evidence_required(found, definition)
    _check_desk_review(found, definition)
    if found.graph_is_complete:
        _check_graph(found, definition)
    return found.problems


class _Found:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        # The graph checks would only repeat what a broken event endpoint already says; skip them then.
        self.graph_is_complete = True

    def add(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, key, message))


def _check_initial(found: _Found, definition: ProgrammeDefinition) -> None:
    initial = [name for name, state in definition.states.items() if state.kind == "initial"]
    if not initial and definition.states:
        found.add("states", "no state has kind: initial; exactly one must")
    for name in initial[1:]:
        found.add(f"states.{name}.kind", f"{initial[0]!r} is already the initial state; exactly one may be")
    if len(initial) != 1:
        found.graph_is_complete = False


def _check_events(found: _Found, definition: ProgrammeDefinition, registry: Registry) -> None:
    states = definition.states
    for name, event in definition.events.items():
        key = f"events.{name}"
        if not event.sources:
            found.graph_is_complete = False
        for source in event.sources:
            if source not in states:
                found.add(f"{key}.from", f"unknown state {source!r}")
                found.graph_is_complete = False
            elif states[source].is_final:
                found.add(f"{key}.from", f"{source!r} is a final state: no event may leave it")
        if event.dest and event.dest not in states:
            found.add(f"{key}.to", f"unknown state {event.dest!r}")
        if event.dest not in states:
            found.graph_is_complete = False
        for role in sorted(event.roles - ROLES):
            found.add(f"{key}.roles", f"unknown role {role!r}; roles are {', '.join(sorted(ROLES))}")
        for index, guard in enumerate(event.guards):
            if not registry.has_guard(guard):
                found.add(f"{key}.guards[{index}]", f"guard {guard!r} is not registered by the application")
        if "level" in event.requires and (definition.awards is None or not definition.awards.levels):
            found.add(f"{key}.requires", "requires a level, but the programme has no award levels")
        _check_decision(found, event, registry, key)


def _check_decision(found: _Found, event: Event, registry: Registry, key: str) -> None:
    """A decision names an operation the application registers; data only a decision records needs one."""
    if event.decision is not None:
        if not registry.has_decision(event.decision):
            found.add(f"{key}.decision", f"decision {event.decision!r} has no operation registered by the application")
        if SYSTEM in event.roles:
            found.add(f"{key}.decision", "a decision is made by a person: the role 'system' cannot fire it")
        return
    recorded = [name for name in event.requires if name in DECISION_DATA]
    if recorded:
        found.add(
            f"{key}.decision",
            f"requires {', '.join(recorded)}, which only a decision records: name its operation with decision: "
            f"({_listed(registry.decision_names) or 'none is registered'})",
        )


def _check_state(found: _Found, definition: ProgrammeDefinition, state: State, registry: Registry) -> None:
    key = f"states.{state.name}"
    for index, action in enumerate(state.on_enter):
        if not registry.has_action(action):
            found.add(f"{key}.on_enter[{index}]", f"action {action!r} is not registered by the application")
    if state.timers and state.is_final:
        found.add(f"{key}.timers", "a final state cannot have timers")
    for index, timer in enumerate(state.timers):
        _check_timer(found, definition, state, timer, f"{key}.timers[{index}]")


def _check_timer(found: _Found, definition: ProgrammeDefinition, state: State, timer: Timer, key: str) -> None:
    awards = definition.awards
    if timer.relative_to == "expires" and (awards is None or not awards.validity_months):
        found.add(f"{key}.relative_to", "counts from the award's expiry, but the programme has no awards")
    if timer.relative_to == "reassessment" and (awards is None or awards.reassess_after_months is None):
        found.add(f"{key}.relative_to", "counts from re-assessment, but awards has no reassess_after_months")
    if timer.action in ("remind", "escalate"):
        if timer.target not in HUMAN_ROLES:
            found.add(f"{key}.{timer.action}", f"unknown role {timer.target!r}; roles are {_listed(HUMAN_ROLES)}")
        return
    event = definition.events.get(timer.target)
    if event is None:
        found.add(f"{key}.fire", f"unknown event {timer.target!r}")
        return
    if state.name not in event.sources:
        found.add(f"{key}.fire", f"event {event.name!r} cannot be fired from state {state.name!r}")
    if SYSTEM not in event.roles:
        found.add(f"{key}.fire", f"event {event.name!r} must list the role {SYSTEM!r} to be fired by a timer")
    if event.requires:
        found.add(
            f"{key}.fire", f"event {event.name!r} requires {', '.join(event.requires)}, which a timer cannot give"
        )


def _check_awards(found: _Found, definition: ProgrammeDefinition) -> None:
    awards = definition.awards
    if awards is None:
        return
    if awards.granted_on and awards.granted_on not in definition.states:
        found.add("awards.granted_on", f"unknown state {awards.granted_on!r}")
    intermediate = awards.intermediate
    if intermediate is None:
        return
    if intermediate.on_state not in definition.states:
        found.add("awards.intermediate.on_state", f"unknown state {intermediate.on_state!r}")
    if awards.level(intermediate.code) is not None:
        found.add("awards.intermediate.code", f"duplicate award name {intermediate.code!r}: it is also a level")


# The guard that enforces ``evidence_required`` (its implementation reads the setting from the programme).
EVIDENCE_GUARD = "required_documents_uploaded"


def _check_evidence_required(found: _Found, definition: ProgrammeDefinition) -> None:
    """``evidence_required: true`` needs a framework (whose criteria expect documents) and an event guarded by
    required_documents_uploaded, the guard that enforces it; without them it would silently do nothing."""
    if not definition.evidence_required:
        return
    if not definition.framework:
        found.add("evidence_required", "needs a framework: the evidence expected is named by its criteria")
    if not any(EVIDENCE_GUARD in event.guards for event in definition.events.values()):
        found.add("evidence_required", f"has no effect: no event has the guard {EVIDENCE_GUARD}, which enforces it")


DESK_REVIEW_GUARD = "desk_review_allowed"  # registered by the application's compliance feature


def _check_desk_review(found: _Found, definition: ProgrammeDefinition) -> None:
    """A desk-review renewal is data on both sides: ``between_awards.health_check.desk_review_renewal: true`` and an
    award decision guarded by desk_review_allowed (the guard that lets a renewal in good standing skip the visit);
    either without the other would promise a desk review nobody can decide, or a guard that never passes."""
    section = definition.between_awards
    allowed = bool(section and section.health_check and section.health_check.desk_review_renewal)
    guarded = [name for name, event in definition.events.items() if DESK_REVIEW_GUARD in event.guards]
    for name in guarded:
        if not allowed:
            found.add(
                f"events.{name}.guards",
                f"{DESK_REVIEW_GUARD} never passes: between_awards.health_check.desk_review_renewal is not true",
            )
        if definition.events[name].decision != "award":
            found.add(f"events.{name}.guards", f"{DESK_REVIEW_GUARD} guards an award: this event needs decision: award")
    if allowed and not guarded:
        found.add(
            "between_awards.health_check.desk_review_renewal",
            f"has no effect: no award event has the guard {DESK_REVIEW_GUARD} (a renewal decided without a visit)",
        )


def _check_graph(found: _Found, definition: ProgrammeDefinition) -> None:
    """Every state is reachable from the initial one, and every state that is not final has a way on to an end."""
    forward: dict[str, set[str]] = {name: set() for name in definition.states}
    backward: dict[str, set[str]] = {name: set() for name in definition.states}
    for event in definition.events.values():
        for source in event.sources:
            forward[source].add(event.dest)
            backward[event.dest].add(source)
    reachable = _closure([definition.initial], forward)
    if not definition.final_states:
        found.add("states", "no state has kind: final; at least one must")
    finishing = _closure(definition.final_states, backward) if definition.final_states else set(definition.states)
    for name, state in definition.states.items():
        if name not in reachable:
            found.add(
                f"states.{name}",
                f"unreachable: no sequence of events leads here from the initial state {definition.initial!r}",
            )
        if state.is_final:
            continue
        if not forward[name] - {name}:
            found.add(f"states.{name}", "is not final, but no event leads out of it")
        elif name not in finishing:
            found.add(f"states.{name}", "is not final, and no final state can be reached from it")


def _closure(start: Iterable[str], edges: dict[str, set[str]]) -> set[str]:
    seen = set(start)
    queue = deque(seen)
    while queue:
        for following in edges[queue.popleft()]:
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return seen


def _listed(names: Iterable[str]) -> str:
    return ", ".join(sorted(names))
