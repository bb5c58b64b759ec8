"""A definition with each kind of error is rejected, every problem listed as ``file: key: message``."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.workflows.conftest import stand_in_registry
from workflows import DefinitionError, Problem, check, load_programme, load_programmes

# A small valid programme; each case below breaks one thing in a copy of it.
VALID: dict[str, Any] = {
    "code": "mini",
    "name": "Mini programme",
    "states": {
        "draft": {"label": "Draft", "kind": "initial", "timers": [{"after_days": 7, "remind": "school_admin"}]},
        "submitted": {"label": "Submitted", "on_enter": ["notify_assessor"]},
        "done": {"label": "Done", "kind": "final", "on_enter": ["issue_certificate"]},
        "lapsed": {"label": "Lapsed", "kind": "final"},
    },
    "events": {
        "submit": {
            "label": "Submit",
            "from": ["draft"],
            "to": "submitted",
            "roles": ["school_admin"],
            "guards": ["self_assessment_complete"],
        },
        "approve": {
            "label": "Approve",
            "from": ["submitted"],
            "to": "done",
            "roles": ["assessor"],
            "requires": ["level"],
            "decision": "award",
        },
        "lapse": {"label": "Lapse", "from": ["draft"], "to": "lapsed", "roles": ["system"]},
    },
    "awards": {
        "granted_on": "done",
        "validity_months": 12,
        "levels": [{"code": "pass", "label": "Pass", "rank": 1}],
    },
}


def write(folder: Path, data: Any, name: str = "programme.yaml") -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    change(data)
    return data


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(DefinitionError) as caught:
        load_programme(path, stand_in_registry())
    return caught.value.problems


def has(problems: list[Problem], key: str, fragment: str) -> bool:
    return any(problem.key == key and fragment in problem.message for problem in problems)


def test_the_valid_fixture_loads(tmp_path):
    programme = load_programme(write(tmp_path, VALID), stand_in_registry())
    assert programme.code == "mini"
    assert programme.initial == "draft"


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("missing field", lambda d: d["events"]["submit"].pop("to"), "events.submit.to", "is required"),
    ("missing section", lambda d: d.pop("events"), "events", "is required"),
    ("ill-typed label", lambda d: d["states"]["draft"].update(label=5), "states.draft.label", "must be non-empty text"),
    (
        "ill-typed timer days",
        lambda d: d["states"]["draft"]["timers"][0].update(after_days="a week"),
        "states.draft.timers[0].after_days",
        "whole number",
    ),
    (
        "ill-typed roles",
        lambda d: d["events"]["submit"].update(roles="assessor"),
        "events.submit.roles",
        "must be a list",
    ),
    ("misspelt field", lambda d: d["events"]["submit"].update(guard=["x"]), "events.submit.guard", "unknown field"),
    ("bad state kind", lambda d: d["states"]["submitted"].update(kind="middle"), "states.submitted.kind", "must be"),
    (
        "event to unknown state",
        lambda d: d["events"]["submit"].update(to="sent"),
        "events.submit.to",
        "unknown state 'sent'",
    ),
    (
        "event from unknown state",
        lambda d: d["events"]["submit"].update({"from": ["draft", "drafting"]}),
        "events.submit.from",
        "unknown state 'drafting'",
    ),
    (
        "timer fires unknown event",
        lambda d: d["states"]["draft"]["timers"].append({"after_days": 30, "fire": "vanish"}),
        "states.draft.timers[1].fire",
        "unknown event 'vanish'",
    ),
    (
        "timer fires an event not leaving its state",
        lambda d: d["states"]["submitted"].update(timers=[{"after_days": 30, "fire": "lapse"}]),
        "states.submitted.timers[0].fire",
        "cannot be fired from state 'submitted'",
    ),
    (
        "timer fires an event the system may not fire",
        lambda d: d["states"]["draft"]["timers"].append({"after_days": 30, "fire": "submit"}),
        "states.draft.timers[1].fire",
        "must list the role 'system'",
    ),
    (
        "award granted on unknown state",
        lambda d: d["awards"].update(granted_on="finished"),
        "awards.granted_on",
        "unknown state 'finished'",
    ),
    (
        "intermediate award on unknown state",
        lambda d: d["awards"].update(intermediate={"code": "commitment", "label": "Commitment", "on_state": "joined"}),
        "awards.intermediate.on_state",
        "unknown state 'joined'",
    ),
    (
        "unreachable state",
        lambda d: (
            d["states"].update(orphan={"label": "Orphan"}),
            d["events"].update(adopt={"label": "Adopt", "from": ["orphan"], "to": "done", "roles": ["assessor"]}),
        ),
        "states.orphan",
        "unreachable",
    ),
    (
        "non-final state with no way out",
        lambda d: (
            d["states"].update(limbo={"label": "Limbo"}),
            d["events"].update(stall={"label": "Stall", "from": ["submitted"], "to": "limbo", "roles": ["assessor"]}),
        ),
        "states.limbo",
        "no event leads out of it",
    ),
    (
        "loop with no way to an end",
        lambda d: (
            d["states"].update(ping={"label": "Ping"}, pong={"label": "Pong"}),
            d["events"].update(
                serve={"label": "Serve", "from": ["submitted"], "to": "ping", "roles": ["assessor"]},
                hit={"label": "Hit", "from": ["ping"], "to": "pong", "roles": ["assessor"]},
                hit_back={"label": "Hit back", "from": ["pong"], "to": "ping", "roles": ["assessor"]},
            ),
        ),
        "states.pong",
        "no final state can be reached from it",
    ),
    (
        "event leaving a final state",
        lambda d: d["events"]["submit"].update({"from": ["draft", "done"]}),
        "events.submit.from",
        "'done' is a final state",
    ),
    (
        "unregistered guard",
        lambda d: d["events"]["submit"].update(guards=["self_assessment_complete", "moon_is_full"]),
        "events.submit.guards[1]",
        "guard 'moon_is_full' is not registered",
    ),
    (
        "unregistered action",
        lambda d: d["states"]["submitted"].update(on_enter=["ring_the_bell"]),
        "states.submitted.on_enter[0]",
        "action 'ring_the_bell' is not registered",
    ),
    (
        "unknown role",
        lambda d: d["events"]["submit"].update(roles=["janitor"]),
        "events.submit.roles",
        "unknown role 'janitor'",
    ),
    ("no role", lambda d: d["events"]["submit"].update(roles=[]), "events.submit.roles", "at least one role"),
    (
        "timer reminds an unknown role",
        lambda d: d["states"]["draft"]["timers"][0].update(remind="headmaster"),
        "states.draft.timers[0].remind",
        "unknown role 'headmaster'",
    ),
    (
        "timer reminds the system",
        lambda d: d["states"]["draft"]["timers"][0].update(remind="system"),
        "states.draft.timers[0].remind",
        "unknown role 'system'",
    ),
    (
        "timer on a final state",
        lambda d: d["states"]["done"].update(timers=[{"after_days": 1, "remind": "coordinator"}]),
        "states.done.timers",
        "a final state cannot have timers",
    ),
    (
        "timer with two actions",
        lambda d: d["states"]["draft"]["timers"][0].update(escalate="coordinator"),
        "states.draft.timers[0]",
        "exactly one of remind",
    ),
    (
        "timer counting back from entering",
        lambda d: (
            d["states"]["draft"]["timers"][0].update(before_days=3)
            or d["states"]["draft"]["timers"][0].pop("after_days")
        ),
        "states.draft.timers[0].before_days",
        "cannot count back",
    ),
    (
        "timer from expiry without awards",
        lambda d: (
            d.pop("awards"),
            d["events"]["approve"].update(requires=[]),
            d["states"]["draft"]["timers"][0].update(relative_to="expires"),
        ),
        "states.draft.timers[0].relative_to",
        "no awards",
    ),
    (
        "duplicate award level",
        lambda d: d["awards"]["levels"].append({"code": "pass", "label": "Pass again", "rank": 2}),
        "awards.levels[1].code",
        "duplicate award level 'pass'",
    ),
    (
        "duplicate award rank",
        lambda d: d["awards"]["levels"].append({"code": "merit", "label": "Merit", "rank": 1}),
        "awards.levels[1].rank",
        "already used",
    ),
    (
        "higher level easier to earn",
        lambda d: d["awards"]["levels"].extend(
            [
                {"code": "merit", "label": "Merit", "rank": 2, "min_share_at_benchmark": 0.8},
                {"code": "distinction", "label": "Distinction", "rank": 3, "min_share_at_benchmark": 0.7},
            ]
        ),
        "awards.levels[2]",
        "easier to earn",
    ),
    (
        "share out of range",
        lambda d: d["awards"]["levels"][0].update(min_share_at_benchmark=75),
        "awards.levels[0].min_share_at_benchmark",
        "between 0 and 1",
    ),
    ("no initial state", lambda d: d["states"]["draft"].update(kind="normal"), "states", "no state has kind: initial"),
    (
        "two initial states",
        lambda d: d["states"]["submitted"].update(kind="initial"),
        "states.submitted.kind",
        "'draft' is already the initial state",
    ),
    (
        "reserved event name",
        lambda d: d["events"].update(trigger={"label": "T", "from": ["draft"], "to": "done", "roles": ["assessor"]}),
        "events.trigger",
        "reserved",
    ),
    (
        "bad state name",
        lambda d: d["states"].update({"Under Review": {"label": "Under review"}}),
        "states.Under Review",
        "state name must be lower-case",
    ),
    ("bad programme code", lambda d: d.update(code="Mini Programme"), "code", "lower-case letters, digits and hyphens"),
    (
        "level without its decision",
        lambda d: d["events"]["approve"].pop("decision"),
        "events.approve.decision",
        "requires level, which only a decision records",
    ),
    (
        "decision without an operation",
        lambda d: d["events"]["approve"].update(decision="coin_toss"),
        "events.approve.decision",
        "decision 'coin_toss' has no operation registered by the application",
    ),
    (
        "decision by the system",
        lambda d: d["events"]["approve"].update(roles=["assessor", "system"]),
        "events.approve.decision",
        "the role 'system' cannot fire it",
    ),
    (
        "unknown requirement",
        lambda d: d["events"]["approve"].update(requires=["level", "signature"]),
        "events.approve.requires[1]",
        "unknown requirement 'signature'",
    ),
]


@pytest.mark.parametrize(("change", "key", "fragment"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_definition_error_is_reported_at_its_key(tmp_path, change, key, fragment):
    problems = problems_of(write(tmp_path, broken(change)))
    assert has(problems, key, fragment), "\n".join(map(str, problems))
    # One mistake, one line: no follow-on noise (a loop reports each of its states).
    assert len(problems) == 1 or all("no final state" in problem.message for problem in problems)


def test_yaml_syntax_error_is_reported_with_its_line(tmp_path):
    problems = problems_of(write(tmp_path, "code: mini\nstates: [draft\nevents: {}\n"))
    assert len(problems) == 1
    assert problems[0].key == "<root>"
    assert "YAML syntax error" in problems[0].message
    assert "line" in problems[0].message


def test_a_file_that_is_not_a_mapping_is_rejected(tmp_path):
    problems = problems_of(write(tmp_path, "- just\n- a list\n"))
    assert has(problems, "<root>", "must be a mapping")


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("  draft:\n    label: Draft again\n", "states.draft", "duplicate state 'draft'"),
        ("  done:\n    label: Done\n    kind: final\n", "states.done", "duplicate state 'done'"),
    ],
)
def test_duplicate_state_names_are_rejected(tmp_path, text, key, fragment):
    source = yaml.safe_dump(VALID, sort_keys=False).replace("events:\n", text + "events:\n", 1)
    problems = problems_of(write(tmp_path, source))
    assert has(problems, key, fragment), "\n".join(map(str, problems))


def test_duplicate_event_names_are_rejected(tmp_path):
    source = yaml.safe_dump(VALID, sort_keys=False).replace(
        "awards:\n",
        "  submit:\n    label: Submit twice\n    from: [draft]\n    to: done\n    roles: [assessor]\nawards:\n",
        1,
    )
    problems = problems_of(write(tmp_path, source))
    assert has(problems, "events.submit", "duplicate event 'submit'"), "\n".join(map(str, problems))


def test_duplicate_keys_anywhere_are_rejected(tmp_path):
    source = yaml.safe_dump(VALID, sort_keys=False).replace("name: Mini programme\n", "name: Mini\nname: Maxi\n", 1)
    problems = problems_of(write(tmp_path, source))
    assert has(problems, "name", "duplicate key 'name' on line 3 (first on line 2)")


def test_every_problem_is_listed_at_once(tmp_path):
    def many(d: dict[str, Any]) -> None:
        d["events"]["submit"]["to"] = "sent"
        d["events"]["submit"]["roles"] = ["janitor"]
        d["events"]["submit"]["guards"] = ["moon_is_full"]
        d["states"]["done"]["timers"] = [{"after_days": 1, "remind": "coordinator"}]
        d["states"]["submitted"]["on_enter"] = ["ring_the_bell"]
        d["states"]["draft"]["label"] = ""

    path = write(tmp_path, broken(many))
    problems = problems_of(path)
    expected = {
        ("events.submit.to", "unknown state 'sent'"),
        ("events.submit.roles", "unknown role 'janitor'"),
        ("events.submit.guards[0]", "not registered"),
        ("states.done.timers", "final state"),
        ("states.submitted.on_enter[0]", "not registered"),
        ("states.draft.label", "non-empty text"),
    }
    for key, fragment in expected:
        assert has(problems, key, fragment), f"{key}: {fragment} missing from\n" + "\n".join(map(str, problems))
    assert all(problem.file == str(path) for problem in problems)


def test_definition_error_lines_read_file_key_message(tmp_path):
    path = write(tmp_path, broken(lambda d: d["events"]["submit"].update(to="sent")))
    with pytest.raises(DefinitionError) as caught:
        load_programme(path, stand_in_registry())
    assert f"{path}: events.submit.to: unknown state 'sent'" in str(caught.value).splitlines()


def test_duplicate_programme_code_across_files_is_rejected(tmp_path):
    first = write(tmp_path, VALID, "a.yaml")
    second = write(tmp_path, VALID, "b.yaml")
    with pytest.raises(DefinitionError) as caught:
        load_programmes([tmp_path], stand_in_registry())
    [problem] = caught.value.problems
    assert problem.file == str(second)
    assert problem.key == "code"
    assert problem.message == f"programme code 'mini' is already used by {first}"


def test_load_programmes_reports_problems_of_every_file(tmp_path):
    write(tmp_path, broken(lambda d: d["events"]["submit"].update(to="sent")), "a.yaml")
    write(tmp_path, broken(lambda d: d.update(code="other", name=None)), "b.yml")
    with pytest.raises(DefinitionError) as caught:
        load_programmes([tmp_path], stand_in_registry())
    files = {Path(problem.file).name for problem in caught.value.problems}
    assert files == {"a.yaml", "b.yml"}


def test_check_returns_problems_without_raising(tmp_path):
    write(tmp_path, "code: [\n", "broken.yaml")
    problems = check([tmp_path, tmp_path / "missing"], stand_in_registry())
    by_file = {Path(problem.file).name: problem for problem in problems}
    assert set(by_file) == {"broken.yaml", "missing"}
    assert "YAML syntax error" in by_file["broken.yaml"].message
    assert by_file["missing"].message == "no such file or directory"


def test_check_never_raises_even_on_nonsense_input():
    problems = check(42, stand_in_registry())  # type: ignore[arg-type]
    assert len(problems) == 1
    assert "could not be checked" in problems[0].message


def test_check_is_empty_for_valid_files(tmp_path):
    write(tmp_path, VALID)
    assert check([tmp_path], stand_in_registry()) == []
