"""Turning a programme file's YAML data into a definition, reporting every missing or ill-typed field.

The parser is lenient in what it builds and strict in what it reports: a field that is wrong is reported and
left out (or replaced by an empty value) so that the later checks can still find the other problems.
"""

from __future__ import annotations

import re
from typing import Any

from .assessor_quality import parse_assessor_quality
from .between_awards import parse_between_awards
from .definition import (
    REQUIREMENTS,
    STATE_KINDS,
    TIMER_BASES,
    AwardLevel,
    Awards,
    Event,
    IntermediateAward,
    ProgrammeDefinition,
    State,
    Timer,
)
from .problems import ROOT_KEY, Problem
from .yaml_fields import (
    Fields,
    either,
    is_filled_list,
    is_flag,
    is_list,
    is_positive,
    is_score,
    is_share,
    is_text,
    is_whole,
    one_of,
)

PROGRAMME_CODE = re.compile(r"^[a-z][a-z0-9-]*$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Event names become attributes of the model bound to the machine: these would clash with transitions' own.
RESERVED_EVENT_NAMES = frozenset({"trigger", "may_trigger", "state"})
RESERVED_EVENT_PREFIXES = ("is_", "may_", "to_")
ANY_STATE = "*"


def parse_programme(data: Any, file: str) -> tuple[ProgrammeDefinition | None, list[Problem]]:
    """Build the definition from a file's data; None when the file is too broken to describe a programme."""
    fields = Fields(file)
    top = fields.mapping(data, ROOT_KEY, "a mapping with code, name, states and events")
    if top is None:
        return None, fields.problems
    fields.allowed(
        top,
        "",
        ("code", "name", "states", "events"),
        ("description", "framework", "awards", "evidence_required", "between_awards", "assessor_quality"),
    )
    code = fields.get(top, "code", "", _is_programme_code, "")
    name = fields.optional_text(top, "name", "")
    states = _states(fields, top["states"]) if "states" in top else {}
    events = _events(fields, top["events"], states) if "events" in top else {}
    awards = _awards(fields, top["awards"]) if "awards" in top else None
    definition = ProgrammeDefinition(
        code=code,
        name=name,
        file=file,
        states=states,
        events=events,
        awards=awards,
        framework=fields.get(top, "framework", "", is_text, "") or None,
        description=fields.optional_text(top, "description", ""),
        evidence_required=fields.get(top, "evidence_required", "", is_flag, False),
        between_awards=parse_between_awards(fields, top["between_awards"]) if "between_awards" in top else None,
        assessor_quality=parse_assessor_quality(fields, top.get("assessor_quality")),
    )
    return definition, fields.problems


def _states(fields: Fields, data: Any) -> dict[str, State]:
    section = fields.mapping(data, "states", "a mapping of state names to states")
    if section is None:
        return {}
    if not section:
        fields.problem("states", "must name at least one state")
    states: dict[str, State] = {}
    for name, body in section.items():
        key = f"states.{name}"
        if _bad_name(fields, name, key, "state"):
            continue
        body = fields.mapping(body, key)
        if body is None:
            continue
        fields.allowed(body, key, ("label",), ("kind", "on_enter", "timers", "open"))
        timers = fields.get(body, "timers", key, is_list, [])
        states[name] = State(
            name=name,
            label=fields.optional_text(body, "label", key, name),
            kind=fields.get(body, "kind", key, one_of(STATE_KINDS), "normal"),
            on_enter=fields.names(body, "on_enter", key),
            timers=tuple(
                timer
                for index, item in enumerate(timers)
                if (timer := _timer(fields, item, f"{key}.timers[{index}]")) is not None
            ),
            open=fields.get(body, "open", key, is_flag, True),
        )
    return states


def _timer(fields: Fields, data: Any, key: str) -> Timer | None:
    body = fields.mapping(data, key)
    if body is None:
        return None
    fields.allowed(body, key, (), ("after_days", "before_days", "relative_to", "remind", "escalate", "fire"))
    relative_to = fields.get(body, "relative_to", key, one_of(TIMER_BASES), "entered")
    offsets = [name for name in ("after_days", "before_days") if name in body]
    actions = [name for name in ("remind", "escalate", "fire") if name in body]
    valid = True
    if len(offsets) != 1:
        fields.problem(key, "needs exactly one of after_days or before_days")
        valid = False
    if len(actions) != 1:
        fields.problem(key, "needs exactly one of remind (a role), escalate (a role) or fire (an event)")
        valid = False
    if not valid:
        return None
    days = fields.get(body, offsets[0], key, is_whole, None)
    target = fields.get(body, actions[0], key, is_text, "")
    if days is None or not target:
        return None
    if offsets[0] == "before_days":
        if relative_to == "entered":
            fields.problem(f"{key}.before_days", "cannot count back from entering the state; set relative_to")
            return None
        days = -days
    return Timer(offset_days=days, action=actions[0], target=target, relative_to=relative_to)


def _events(fields: Fields, data: Any, states: dict[str, State]) -> dict[str, Event]:
    section = fields.mapping(data, "events", "a mapping of event names to events")
    if section is None:
        return {}
    if not section:
        fields.problem("events", "must name at least one event")
    events: dict[str, Event] = {}
    for name, body in section.items():
        key = f"events.{name}"
        if _bad_name(fields, name, key, "event"):
            continue
        if name in RESERVED_EVENT_NAMES or name.startswith(RESERVED_EVENT_PREFIXES):
            fields.problem(
                key, f"{name!r} is reserved by the engine (no trigger, may_trigger, state, is_*, may_*, to_*)"
            )
            continue
        body = fields.mapping(body, key)
        if body is None:
            continue
        fields.allowed(body, key, ("label", "from", "to", "roles"), ("guards", "requires", "decision"))
        events[name] = Event(
            name=name,
            label=fields.optional_text(body, "label", key, name),
            sources=_sources(fields, body, key, states),
            dest=fields.get(body, "to", key, is_text, ""),
            roles=frozenset(fields.names(body, "roles", key)),
            guards=fields.names(body, "guards", key),
            requires=fields.names(body, "requires", key),
            decision=fields.get(body, "decision", key, _is_name, None),
        )
        if isinstance(body.get("roles"), list) and not body["roles"]:
            fields.problem(f"{key}.roles", "must name at least one role")
        for index, requirement in enumerate(events[name].requires):
            if requirement not in REQUIREMENTS:
                fields.problem(
                    f"{key}.requires[{index}]", f"unknown requirement {requirement!r}; use {either(REQUIREMENTS)}"
                )
    return events


def _sources(fields: Fields, body: dict[str, Any], key: str, states: dict[str, State]) -> tuple[str, ...]:
    """``from``: a list of states, one state, or ``"*"`` for every state that is not final."""
    value = body.get("from")
    if value == ANY_STATE:
        return tuple(name for name, state in states.items() if not state.is_final)
    if isinstance(value, str) and value.strip():
        return (value,)
    sources = fields.names(body, "from", key)
    if "from" in body and isinstance(value, list) and not value:
        fields.problem(f"{key}.from", "must name at least one state")
    return sources


def _awards(fields: Fields, data: Any) -> Awards | None:
    body = fields.mapping(data, "awards")
    if body is None:
        return None
    required = ("granted_on", "validity_months", "levels")
    fields.allowed(body, "awards", required, ("reassess_after_months", "intermediate"))
    levels: list[tuple[str, AwardLevel]] = []
    for index, item in enumerate(fields.get(body, "levels", "awards", is_filled_list, [])):
        key = f"awards.levels[{index}]"
        level = _level(fields, item, key)
        if level is not None:
            levels.append((key, level))
    _check_levels(fields, levels)
    intermediate = None
    if "intermediate" in body:
        intermediate = _intermediate(fields, body["intermediate"], "awards.intermediate")
    return Awards(
        granted_on=fields.get(body, "granted_on", "awards", is_text, ""),
        levels=tuple(sorted((level for _, level in levels), key=lambda level: level.rank)),
        validity_months=fields.get(body, "validity_months", "awards", is_positive, 0),
        reassess_after_months=fields.get(body, "reassess_after_months", "awards", is_positive, None),
        intermediate=intermediate,
    )


def _level(fields: Fields, data: Any, key: str) -> AwardLevel | None:
    body = fields.mapping(data, key)
    if body is None:
        return None
    fields.allowed(
        body, key, ("code", "label", "rank"), ("min_share_at_benchmark", "min_review_score", "needs_moderation")
    )
    code = fields.get(body, "code", key, _is_name, "")
    rank = fields.get(body, "rank", key, is_whole, None)
    if not code or rank is None:
        return None
    return AwardLevel(
        code=code,
        label=fields.optional_text(body, "label", key, code),
        rank=rank,
        min_share_at_benchmark=float(fields.get(body, "min_share_at_benchmark", key, is_share, 0.0)),
        min_review_score=float(fields.get(body, "min_review_score", key, is_score, 0.0)),
        needs_moderation=fields.get(body, "needs_moderation", key, is_flag, False),
    )


def _check_levels(fields: Fields, levels: list[tuple[str, AwardLevel]]) -> None:
    """Level codes and ranks are unique, and a higher rank is never easier to earn than a lower one."""
    codes: dict[str, str] = {}
    ranks: dict[int, str] = {}
    for key, level in levels:
        if level.code in codes:
            fields.problem(f"{key}.code", f"duplicate award level {level.code!r} (first at {codes[level.code]})")
        else:
            codes[level.code] = key
        if level.rank in ranks:
            fields.problem(f"{key}.rank", f"rank {level.rank} is already used by level {ranks[level.rank]!r}")
        else:
            ranks[level.rank] = level.code
    ordered = sorted(levels, key=lambda pair: pair[1].rank)
    for (_, lower), (key, higher) in zip(ordered, ordered[1:], strict=False):
        if (
            higher.min_share_at_benchmark < lower.min_share_at_benchmark
            or higher.min_review_score < lower.min_review_score
        ):
            fields.problem(key, f"level {higher.code!r} is easier to earn than the lower level {lower.code!r}")


def _intermediate(fields: Fields, data: Any, key: str) -> IntermediateAward | None:
    body = fields.mapping(data, key)
    if body is None:
        return None
    fields.allowed(body, key, ("code", "label", "on_state"), ("validity_months",))
    code = fields.get(body, "code", key, _is_name, "")
    on_state = fields.get(body, "on_state", key, is_text, "")
    if not code or not on_state:
        return None
    return IntermediateAward(
        code=code,
        label=fields.optional_text(body, "label", key, code),
        on_state=on_state,
        validity_months=fields.get(body, "validity_months", key, is_positive, None),
    )


def _bad_name(fields: Fields, name: Any, key: str, what: str) -> bool:
    message = _is_name(name)
    if message:
        fields.problem(key, f"{what} name {message}")
    return bool(message)


def _is_name(value: Any) -> str | None:
    if not isinstance(value, str) or not NAME.match(value):
        return f"must be lower-case letters, digits and underscores, starting with a letter (got {value!r})"
    return None


def _is_programme_code(value: Any) -> str | None:
    if not isinstance(value, str) or not PROGRAMME_CODE.match(value):
        return f"must be lower-case letters, digits and hyphens, starting with a letter (got {value!r})"
    return None
