"""A criterion's coverage threshold (CISS: 80 % of teachers trained in the last 24 months for staff_training) is
shown in the self-assessment as evidence computed from the register, turns from unmet to met when the register
crosses it, and the assessor reads the same on the review page."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.between_awards.builders import HEAD_A, post_form, text_of
from tests.builders import sign_in, sign_out
from tests.review.builders import LEAD, under_review

RECENT = (date.today() - timedelta(days=30)).isoformat()
LONG_AGO = (date.today() - timedelta(days=800)).isoformat()  # outside the 24 months


def _evidence(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(
        r'<div class="computed-evidence training-evidence (met|unmet)" id="training-evidence-'
        r'staff_training">(.*?)</div>',
        html,
        re.S,
    )
    assert found, "no training evidence on " + path
    return found.group(1) + ": " + text_of(found.group(2))


def _add_teacher(client, school_id: int, name: str, day: str = RECENT) -> None:
    base = f"/schools/{school_id}/training"
    answer = post_form(
        client,
        f"{base}/new",
        f"{base}/new",
        {
            "person": "",
            "person_name": name,
            "staff_role": "teacher",
            "course": "online-safety-basics",
            "course_text": "",
            "completed_on": day,
            "provider": "National Centre",
        },
    )
    assert answer.status_code == 302, text_of(answer.get_data(as_text=True))


def test_the_threshold_turns_from_unmet_to_met_when_the_register_crosses_it(app, client, world):
    with app.app_context():
        application_id = under_review(world, "ciss")
    page = f"/applications/{application_id}/self-assessment?area=staff"
    review = f"/applications/{application_id}/review?criterion=staff_training"
    sign_in(client, HEAD_A)
    assert _evidence(client, page).startswith("unmet:")
    assert "has not said how many people it has in this role" in _evidence(client, page)

    base = f"/schools/{world.school_a}/training"
    saved = post_form(client, base, f"{base}/staff", {"teacher": "5", "support": "", "governor": "2", "leadership": ""})
    assert saved.status_code == 302
    for name in ("Ana Popescu", "Ion Rusu", "Maria Ceban"):
        _add_teacher(client, world.school_a, name)
    _add_teacher(client, world.school_a, "ana  POPESCU")  # the same person again: counted once
    _add_teacher(client, world.school_a, "Vlad Old", LONG_AGO)  # too long ago
    shown = _evidence(client, page)
    assert shown.startswith("unmet:"), shown
    assert "3 of 5 (60%)" in shown and "at least 80%" in shown and "Threshold not met yet." in shown

    _add_teacher(client, world.school_a, "Elena Lungu")
    shown = _evidence(client, page)
    assert shown.startswith("met:"), shown
    assert "4 of 5 (80%)" in shown and "Threshold met." in shown

    sign_out(client)
    sign_in(client, LEAD)
    shown = _evidence(client, review)
    assert shown.startswith("met:") and "4 of 5 (80%)" in shown


def test_a_criterion_without_a_threshold_shows_no_register_evidence(app, client, world):
    with app.app_context():
        application_id = under_review(world, "ciss")
    sign_in(client, HEAD_A)
    html = client.get(f"/applications/{application_id}/self-assessment?area=policy").get_data(as_text=True)
    assert "training-evidence" not in html
