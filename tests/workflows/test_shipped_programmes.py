"""The two shipped programmes load, use exactly the registered names, and run their main paths."""

from __future__ import annotations

from datetime import date

import pytest

from tests.workflows.conftest import stand_in_registry
from workflows import (
    ACTIONS,
    DECISIONS,
    GUARDS,
    PROGRAMMES_DIR,
    ROLES,
    Programme,
    check,
    load_programme,
    load_programmes,
)
from workflows.names import FEATURE_GUARDS


def walk(programme: Programme, path: list[tuple[str, str, dict]]) -> list[str]:
    """Fire each (event, role, data) in turn from the initial state; the states passed through."""
    state = programme.initial
    visited = [state]
    for event, role, data in path:
        step = programme.advance(state, event, {}, roles={role}, data=data)
        assert step.source == state
        state = step.dest
        visited.append(state)
    return visited


def test_shipped_programmes_load_and_check_clean():
    registry = stand_in_registry()
    assert check([PROGRAMMES_DIR], registry) == []
    programmes = load_programmes([PROGRAMMES_DIR], registry)
    assert set(programmes) == {"ciss", "esafety-label"}


def test_shipped_programmes_use_exactly_the_registered_names(programmes):
    shipped = [programmes["ciss"], programmes["esafety-label"]]
    guards = {guard for programme in shipped for event in programme.events.values() for guard in event.guards}
    actions = {action for programme in shipped for state in programme.states.values() for action in state.on_enter}
    # survey_requirement_met is for a programme whose instrument requires a survey: neither shipped one does
    assert guards == set(GUARDS) | set(FEATURE_GUARDS) - {"survey_requirement_met"}
    assert actions == set(ACTIONS)


def test_a_registry_missing_a_name_rejects_the_shipped_programmes(tmp_path):
    from workflows import DefinitionError, Registry

    registry = Registry()
    for name in (*GUARDS, *FEATURE_GUARDS):
        if name != "modules_complete":
            registry.guard(name)(lambda context: ())
    for name in ACTIONS:
        registry.action(name)(lambda *args: None)
    for name in DECISIONS:
        registry.decision(name)(lambda *args: None)
    with pytest.raises(DefinitionError) as caught:
        load_programme(PROGRAMMES_DIR / "ciss.yaml", registry)
    assert [(p.key, p.message) for p in caught.value.problems] == [
        ("events.start_self_assessment.guards[0]", "guard 'modules_complete' is not registered by the application")
    ]


def test_ciss_runs_from_application_to_expiry_with_a_round_of_changes(programmes):
    ciss = programmes["ciss"]
    visited = walk(
        ciss,
        [
            ("accept", "coordinator", {}),
            ("start_self_assessment", "school_admin", {}),
            ("submit", "school_admin", {}),
            ("start_review", "coordinator", {}),
            ("request_changes", "assessor", {"items": ["Add the staff training plan", "Date the policy"]}),
            ("resubmit", "school_admin", {}),
            ("start_review", "assessor", {}),
            ("schedule_visit", "assessor", {"date": date(2031, 3, 4)}),
            ("certify", "assessor", {"level": "established"}),
            ("open_renewal", "system", {}),
            ("expire", "system", {}),
        ],
    )
    assert visited == [
        "applied",
        "implementing",
        "self_assessment",
        "submitted",
        "under_review",
        "changes_requested",
        "submitted",
        "under_review",
        "visit_scheduled",
        "certified",
        "renewal_open",
        "expired",
    ]


def test_ciss_acceptance_grants_the_certificate_of_commitment(programmes):
    ciss = programmes["ciss"]
    step = ciss.advance("applied", "accept", {}, roles={"coordinator"})
    assert step.dest == ciss.awards.intermediate.on_state
    assert step.actions == ("issue_commitment_certificate", "notify_school")


def test_ciss_certification_issues_the_certificate(programmes):
    step = programmes["ciss"].advance(
        "visit_scheduled", "certify", {}, roles={"assessor"}, data={"level": "foundation"}
    )
    assert step.dest == "certified"
    assert step.actions == ("issue_certificate", "notify_school")


def test_ciss_renewal_opens_before_expiry_and_expiry_follows(programmes):
    certified = programmes["ciss"].state("certified")
    by_event = {timer.target: timer for timer in certified.timers if timer.action == "fire"}
    assert by_event["open_renewal"].relative_to == "expires"
    assert by_event["open_renewal"].offset_days < 0
    assert by_event["open_renewal"].due(date(2030, 6, 30)) == date(2030, 4, 1)
    assert by_event["expire"].due(date(2030, 6, 30)) == date(2030, 6, 30)


@pytest.mark.parametrize(
    ("state", "event", "role"),
    [
        ("applied", "decline", "coordinator"),
        ("certified", "suspend", "coordinator"),
        ("suspended", "reinstate", "coordinator"),
        ("certified", "revoke", "coordinator"),
    ],
)
def test_ciss_coordinator_decisions_need_a_reason(programmes, state, event, role):
    from workflows import MissingData

    ciss = programmes["ciss"]
    with pytest.raises(MissingData) as caught:
        ciss.advance(state, event, {}, roles={role}, data={"comment": "   "})
    assert caught.value.fields == ("comment",)
    step = ciss.advance(state, event, {}, roles={role}, data={"comment": "Policy no longer applied."})
    assert step.dest == ciss.event(event).dest


def test_ciss_school_may_withdraw_until_certified_but_not_after(programmes):
    ciss = programmes["ciss"]
    assert ciss.may_fire({"school_admin"}, "under_review", "withdraw")
    assert not ciss.may_fire({"school_admin"}, "certified", "withdraw")
    assert not ciss.may_fire({"coordinator"}, "applied", "withdraw")


def test_esafety_label_runs_from_registration_to_expiry(programmes):
    label = programmes["esafety-label"]
    visited = walk(
        label,
        [
            ("start_self_assessment", "school_staff", {}),
            ("submit", "school_admin", {}),
            ("start_review", "assessor", {}),
            ("award_label", "assessor", {"level": "silver"}),
            ("open_reassessment", "system", {}),
            ("expire", "system", {}),
        ],
    )
    assert visited == [
        "registered",
        "self_assessment",
        "submitted",
        "under_review",
        "labelled",
        "reassessment_open",
        "expired",
    ]


def test_esafety_label_levels_validity_and_reassessment(programmes):
    awards = programmes["esafety-label"].awards
    assert [level.code for level in awards.levels] == ["iron", "bronze", "silver", "gold"]
    assert awards.validity_months == 18
    assert awards.reassess_after_months == 12
    assert awards.level_for(share_at_benchmark=0.1, review_score=4.0) is None
    assert awards.level_for(share_at_benchmark=0.3, review_score=1.5).code == "iron"
    assert awards.level_for(share_at_benchmark=0.72, review_score=2.6).code == "silver"
    assert awards.level_for(share_at_benchmark=0.95, review_score=2.6).code == "silver"
    assert awards.level_for(share_at_benchmark=0.9, review_score=3.5).code == "gold"
    assert awards.top.needs_moderation


def test_esafety_label_reassessment_opens_twelve_months_after_labelling(programmes):
    labelled = programmes["esafety-label"].state("labelled")
    assert [(timer.relative_to, timer.target) for timer in labelled.timers] == [
        ("reassessment", "open_reassessment"),
        ("expires", "expire"),
    ]
    assert not programmes["esafety-label"].state("reassessment_open").open


@pytest.mark.parametrize("code", ["ciss", "esafety-label"])
def test_every_role_used_is_known(programmes, code):
    for event in programmes[code].events.values():
        assert event.roles <= ROLES


@pytest.mark.parametrize("code", ["ciss", "esafety-label", "digital-citizenship"])
def test_mermaid_diagram_shows_every_state_and_arrow(programmes, code):
    programme = programmes[code]
    source = programme.graph("mermaid")
    lines = source.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert f"    [*] --> {programme.initial}" in lines
    for name, state in programme.states.items():
        assert any(line.endswith(f" as {name}") and state.label.split(",")[0] in line for line in lines)
    arrows = [line for line in lines if "-->" in line and "[*]" not in line]
    assert len(arrows) == sum(len(event.sources) for event in programme.events.values())
    assert all(":" not in line.split(" : ", 1)[1] for line in arrows)


@pytest.mark.parametrize("code", ["ciss", "esafety-label"])
def test_dot_diagram_is_one_digraph_with_every_arrow(programmes, code):
    programme = programmes[code]
    source = programme.graph("dot")
    assert source.startswith(f'digraph "{code}" {{')
    assert source.rstrip().endswith("}")
    arrows = [line for line in source.splitlines() if " -> " in line and "__start" not in line]
    assert len(arrows) == sum(len(event.sources) for event in programme.events.values())
    assert 'certified -> expired [label="Expire at the end of validity (automatic)", style=dashed];' in source or (
        code != "ciss"
    )


def test_unknown_diagram_format_is_refused(programmes):
    with pytest.raises(ValueError, match="unknown diagram format 'png'"):
        programmes["ciss"].graph("png")


@pytest.mark.parametrize(
    ("code", "before", "granted", "top"),
    [("ciss", "visit_scheduled", "certified", "exemplary"), ("esafety-label", "under_review", "labelled", "gold")],
)
def test_the_top_level_is_proposed_to_moderation_and_confirmed_there(programmes, code, before, granted, top):
    programme = programmes[code]
    assert programme.awards.top.code == top and programme.awards.top.needs_moderation
    assert [level.code for level in programme.awards.levels if level.needs_moderation] == [top]
    proposal = programme.advance(before, "propose_top_award", {}, roles={"assessor"}, data={"level": top})
    assert (proposal.dest, proposal.actions) == ("moderation", ("notify_assessor",))
    assert programme.event("propose_top_award").guards == (
        "review_complete",
        "award_justified",
        "award_needs_moderation",
        "moderator_assigned",
    )
    confirmed = programme.advance("moderation", "confirm_award", {}, roles={"assessor"}, data={"level": top})
    assert confirmed.dest == granted and confirmed.actions[0] == "issue_certificate"
    assert programme.event("confirm_award").guards == ("moderator_is_second_assessor", "award_as_proposed")
    # the direct award refuses a level that needs moderation (its guard), and moderation is not a way round it
    direct = "certify" if code == "ciss" else "award_label"
    assert "award_needs_no_moderation" in programme.event(direct).guards
    assert not programme.may_fire({"school_admin", "coordinator"}, "moderation", "confirm_award")


@pytest.mark.parametrize(("code", "back_to"), [("ciss", "visit_scheduled"), ("esafety-label", "under_review")])
def test_the_moderator_sends_a_proposal_back_where_it_came_from_with_a_comment(programmes, code, back_to):
    from workflows import MissingData

    programme = programmes[code]
    with pytest.raises(MissingData):
        programme.advance("moderation", "send_back_proposal", {}, roles={"assessor"}, data={})
    step = programme.advance(
        "moderation", "send_back_proposal", {}, roles={"assessor"}, data={"comment": "Look again."}
    )
    assert step.dest == back_to
    assert programme.event("send_back_proposal").guards == ("moderator_is_second_assessor",)


@pytest.mark.parametrize(
    ("code", "sources", "final"),
    [
        ("ciss", ("under_review", "visit_scheduled"), "not_certified"),
        ("esafety-label", ("under_review",), "not_labelled"),
    ],
)
def test_rejecting_needs_reasons_and_ends_the_cycle(programmes, code, sources, final):
    from workflows import MissingData

    programme = programmes[code]
    assert programme.event("reject").sources == sources
    assert programme.state(final).is_final
    with pytest.raises(MissingData):
        programme.advance(sources[0], "reject", {}, roles={"assessor"}, data={"comment": " "})
    step = programme.advance(sources[0], "reject", {}, roles={"assessor"}, data={"comment": "Not in place."})
    assert (step.dest, step.actions) == (final, ("notify_school",))


@pytest.mark.parametrize("code", ["ciss", "esafety-label"])
def test_every_decision_on_a_review_needs_the_review_complete(programmes, code):
    programme = programmes[code]
    decisions = [e for e in programme.events.values() if e.roles == {"assessor"} and "under_review" in e.sources]
    assert decisions and all("review_complete" in event.guards for event in decisions)
    assert programme.may_fire({"school_admin"}, "moderation", "withdraw")
