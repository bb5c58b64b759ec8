"""``workflows check`` keeps the desk-review renewal consistent (issue 30): the programme's
``desk_review_renewal: true`` needs an award event guarded by desk_review_allowed, and that guard needs the flag and
an award decision; the shipped CISS file has both and checks clean."""

from __future__ import annotations

from tests.workflows.conftest import stand_in_registry
from workflows import PROGRAMMES_DIR, check

CISS = (PROGRAMMES_DIR / "ciss.yaml").read_text(encoding="utf-8")
FLAG = "    desk_review_renewal: true\n"
GUARDED = "guards: [review_complete, desk_review_allowed, award_justified, award_needs_no_moderation]"


def _problems(tmp_path, text: str) -> list[tuple[str, str]]:
    (tmp_path / "ciss.yaml").write_text(text, encoding="utf-8")
    return [(problem.key, problem.message) for problem in check([tmp_path], stand_in_registry())]


def test_the_shipped_desk_review_checks_clean(tmp_path):
    assert FLAG in CISS and GUARDED in CISS
    assert _problems(tmp_path, CISS) == []


def test_the_guard_without_the_flag_never_passes(tmp_path):
    assert _problems(tmp_path, CISS.replace(FLAG, "")) == [
        (
            "events.certify_by_desk_review.guards",
            "desk_review_allowed never passes: between_awards.health_check.desk_review_renewal is not true",
        )
    ]


def test_the_flag_without_a_guarded_award_has_no_effect(tmp_path):
    text = CISS.replace(GUARDED, "guards: [review_complete, award_justified, award_needs_no_moderation]")
    assert _problems(tmp_path, text) == [
        (
            "between_awards.health_check.desk_review_renewal",
            "has no effect: no award event has the guard desk_review_allowed (a renewal decided without a visit)",
        )
    ]


def test_the_guard_on_an_event_that_is_not_an_award(tmp_path):
    text = CISS.replace(
        "    roles: [system, coordinator]\n", "    roles: [system, coordinator]\n    guards: [desk_review_allowed]\n", 1
    )
    assert (
        "events.open_renewal.guards",
        "desk_review_allowed guards an award: this event needs decision: award",
    ) in _problems(tmp_path, text)
