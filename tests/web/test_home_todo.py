"""Each person lands, after signing in, on a to-do list for their role, through real HTTP on the real database: a
school's self-assessment to continue, the criteria returned, the documents missing, the renewal; an assessor's
reviews, due soon, overdue and waiting for the school; a coordinator's schools to verify, applications waiting for a
coordinator to admit them, submissions without an assessor, overdue reviews, stalled applications and awards ending,
each scoped to their countries and regions; and empty states that say what will appear there."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from accreditation.applications import commit_and_relay
from accreditation.extensions import db
from accreditation.models import Application
from accreditation.models.time import utcnow
from accreditation.review import decisions
from accreditation.review.assignment import assign_assessor
from tests.applications.builders import person
from tests.assessment.builders import HEAD_A, ready_for_answers
from tests.builders import (
    add_school,
    people_read_english,  # noqa: F401 (an autouse fixture)
    sign_in,
)
from tests.review.builders import COORDINATOR, LEAD, judge_all, submitted, under_review, version


def _home(client, email: str) -> str:
    """Sign in through the form and follow where it leads: the home page."""
    response = sign_in(client, email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _section(page: str, part: str, key: str) -> str:
    match = re.search(rf'<section class="todo-section" id="{part}-{key}".*?</section>', page, re.S)
    assert match, f"no section {part}-{key}"
    return match.group(0)


def _kinds(section: str) -> list[str]:
    return re.findall(r'data-kind="([a-z_]+)"', section)


def _answer_some(application_id: int, count: int) -> None:
    from accreditation.assessment.answers import AnswerInput, save_answers, workspace
    from tests.assessment.builders import GOOD_COMMENTARY

    space = workspace(application_id, person(HEAD_A), start=True)
    items = [AnswerInput(c.code, c.benchmark, GOOD_COMMENTARY, 0) for c in space.framework.criteria[:count]]
    save_answers(application_id, person(HEAD_A), items)
    db.session.commit()


def _age(application_id: int, days: int, **columns) -> None:
    """Move the application's clock back: it entered its state ``days`` ago (and ``columns`` as given)."""
    db.session.execute(
        update(Application)
        .where(Application.id == application_id)
        .values(state_entered_at=utcnow() - timedelta(days=days), **columns)
    )
    db.session.commit()


# --- the school ---------------------------------------------------------------------------------------------------


def test_a_head_lands_on_the_self_assessment_to_continue_and_the_documents_missing(app, client, world):
    with app.app_context():
        application_id = ready_for_answers(world)
        _answer_some(application_id, 12)
        db.session.remove()
    page = _home(client, world.emails["school_admin_a"])
    todo = _section(page, f"school-{world.school_a}", "todo")
    assert "continue your self-assessment: 12 of 18 criteria answered." in todo
    assert f'href="/applications/{application_id}/self-assessment"' in todo
    assert "document" in _kinds(todo)
    assert f'href="/applications/{application_id}/documents#upload-heading"' in todo
    assert "submit" not in _kinds(todo)
    waiting = _section(page, f"school-{world.school_a}", "waiting")
    assert "When your school waits for a coordinator or an assessor, it appears here." in waiting


def test_the_staff_see_the_school_list_too(app, client, world):
    with app.app_context():
        ready_for_answers(world)
        db.session.remove()
    page = _home(client, world.emails["school_staff_a"])
    assert "0 of 18 criteria answered" in _section(page, f"school-{world.school_a}", "todo")


def test_criteria_returned_by_the_assessor_lead_to_the_feedback(app, client, world):
    with app.app_context():
        application_id = under_review(world)
        wanting = {}
        from tests.review.builders import criteria

        for criterion in criteria(application_id)[:2]:
            wanting[criterion.code] = {"verdict": "insufficient", "comment": "No policy.", "gap": "minor"}
        judge_all(application_id, except_=wanting)
        decisions.request_changes(application_id, person(LEAD), version(application_id))
        commit_and_relay()
        db.session.remove()
    page = _home(client, world.emails["school_admin_a"])
    todo = _section(page, f"school-{world.school_a}", "todo")
    assert "2 criteria returned by the assessor" in todo
    assert f'href="/applications/{application_id}/feedback"' in todo
    assert todo.index("returned by the assessor") < todo.index("when the changes are made, submit them")

    # The lead assessor sees it waiting for the school.
    client.post("/sign-out", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)})
    assessor = _home(client, LEAD)
    assert "waiting" in _kinds(_section(assessor, "reviews", "waiting"))


def test_a_certificate_ending_within_90_days_asks_for_its_renewal(app, client, world):
    with app.app_context():
        application_id = under_review(world)
        judge_all(application_id)
        decisions.approve(application_id, person(LEAD), "silver", "Justified by the evidence.", version(application_id))
        commit_and_relay()
        ends = utcnow() + timedelta(days=60, hours=1)
        _age(application_id, 400, expires_at=ends)
        db.session.remove()
    page = _home(client, world.emails["school_admin_a"])
    todo = _section(page, f"school-{world.school_a}", "todo")
    assert "your certificate expires in 60 days: start the renewal." in todo
    assert f'href="/schools/{world.school_a}#programmes"' in todo
    coordinator = app.test_client()
    assert "the award ends in 60 days" in _section(_home(coordinator, COORDINATOR), "coordination", "expiring")
    assessor = _home(app.test_client(), LEAD)  # decided: nothing waits for the assessor any more
    assert 'data-kind="' not in assessor


# --- the assessor -------------------------------------------------------------------------------------------------


def test_an_assessor_sees_a_new_submission_with_its_due_date_then_overdue(app, client, world):
    with app.app_context():
        application_id = submitted(world)
        assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
        commit_and_relay()
        db.session.remove()
    page = _home(client, LEAD)
    assigned = _section(page, "reviews", "assigned")
    assert "a new submission to review" in assigned
    assert f'href="/applications/{application_id}/review"' in assigned
    assert "Due:" in assigned and "<time datetime=" in assigned
    assert "When a review passes its due date, it appears here." in _section(page, "reviews", "overdue")

    with app.app_context():
        client.get(f"/applications/{application_id}/review")  # opens it: under review from now
        _age(application_id, 30)
        db.session.remove()
    overdue = _section(client.get("/").get_data(as_text=True), "reviews", "overdue")
    assert "continue the review" in overdue and "Urgent" in overdue


def test_an_assessor_with_nothing_assigned_reads_what_will_appear(client, world):
    page = _home(client, LEAD)
    assert "When a coordinator assigns you a review, it appears here with its due date." in page
    assert 'data-kind="' not in page


# --- the coordinator and the admin ---------------------------------------------------------------------------------


def test_a_regional_coordinator_sees_her_regions_waiting_school_not_zeros(app, client, world):
    with app.app_context():
        pending = add_school("Şcoala Nouă Lviv", "UA-9001", "UA", "UA-46", verification="pending", language="uk")
        other = add_school("Kyiv Pending School", "UA-9002", "UA", "UA-30", verification="pending", language="uk")
        db.session.commit()
        pending_id, other_id = pending.id, other.id
        db.session.remove()
    page = _home(client, world.emails["coordinator_ua"])  # coordinates the Lviv region only
    verify = _section(page, "coordination", "verify")
    assert "Verify Şcoala Nouă Lviv (Lviv Oblast)" in verify
    assert f'href="/coordinate/schools/{pending_id}"' in verify
    assert f"/coordinate/schools/{other_id}" not in verify

    admin = app.test_client()
    assert f"/coordinate/schools/{other_id}" in _section(_home(admin, world.emails["admin"]), "coordination", "verify")
    md = app.test_client()
    assert "When a school registers in your countries or regions" in _home(md, world.emails["coordinator_md"])


def test_a_submission_without_an_assessor_then_stalled_and_overdue(app, client, world):
    with app.app_context():
        application_id = submitted(world)
        db.session.remove()
    page = _home(client, world.emails["coordinator_md"])
    unassigned = _section(page, "coordination", "unassigned")
    assert "Assign an assessor to Liceul Teoretic A" in unassigned
    assert f'href="/applications/{application_id}#assessors"' in unassigned
    assert "When an application has not moved for 45 days, it appears here." in page
    ua = app.test_client()
    assert "Assign an assessor" not in _home(ua, world.emails["coordinator_ua"])  # not her region

    with app.app_context():
        _age(application_id, 50)
        db.session.remove()
    page = client.get("/").get_data(as_text=True)
    assert "no change for 50 days (Submitted" in _section(page, "coordination", "stalled")
    assert "longer than the programme allows" in _section(page, "coordination", "overdue")


def test_applications_waiting_to_be_admitted_are_on_the_coordinators_list(app, client, world):
    from tests.applications.builders import fire_as, start

    with app.app_context():
        ciss = start(world, "ciss")  # school A, Chișinău: a coordinator admits it before it starts
        esafety = start(world, "esafety-label")  # the school starts on its own: nothing for a coordinator
        lviv = start(world, "ciss", school="b")  # school B, Lviv Oblast
        db.session.remove()
    page = _home(client, world.emails["coordinator_md"])
    decide = _section(page, "coordination", "decide")
    assert "Liceul Teoretic A (" in decide and "waits for a coordinator since" in decide
    assert "Admit to the pilot or Decline the application." in decide  # what the programme lets her do now
    assert f'href="/applications/{ciss}#actions-heading"' in decide
    assert f"/applications/{esafety}" not in decide
    assert f"/applications/{lviv}" not in decide  # not her country
    ua = app.test_client()
    assert f'href="/applications/{lviv}#actions-heading"' in _section(
        _home(ua, world.emails["coordinator_ua"]), "coordination", "decide"
    )

    with app.app_context():  # admitted: it leaves the list, which says what will appear there
        fire_as(ciss, "accept", COORDINATOR)
        db.session.remove()
    decide = _section(client.get("/").get_data(as_text=True), "coordination", "decide")
    assert 'data-kind="' not in decide
    assert "When a school in your area applies to a programme and waits for a coordinator to admit it" in decide


def test_a_person_without_any_role_still_reaches_their_account(app, client, world):
    from accreditation.accounts.users import create_user
    from tests.builders import PASSWORD

    with app.app_context():
        create_user("nobody@example.org", "No Role", "school-staff", PASSWORD, school_id=world.school_b)
        db.session.commit()
        db.session.remove()
    assert _home(client, "nobody@example.org").count('class="todo-part"') == 1
