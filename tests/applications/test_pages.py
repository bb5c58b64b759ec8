"""The application pages through real HTTP requests: buttons, guards' reasons, statuses, history, joining."""

from __future__ import annotations

import re

import pytest

from accreditation.extensions import db
from tests.applications.builders import LONG_COMMENT, application, complete_modules, fire_as, jobs, records, start
from tests.applications.web import page, post_event, signed_in
from tests.builders import (
    csrf_token,
    people_read_english,  # noqa: F401 (an autouse fixture)
)

COORDINATOR = "coord.md@example.org"
HEAD_A = "head.a@example.org"


@pytest.fixture
def applied(app, world, sent) -> int:
    """A ciss application just started by school a's admin (its first job already relayed and forgotten)."""
    with app.app_context():
        application_id = start(world, "ciss")
        db.session.remove()
    sent.clear()
    return application_id


def _state(app, application_id: int) -> tuple[str, int, int]:
    with app.app_context():
        row = application(application_id)
        result = (row.state, row.version, len(records(application_id)))
        db.session.remove()
    return result


def test_coordinator_admits_a_school_with_the_button_and_the_history_shows_it(app, applied, sent):
    client = signed_in(app, COORDINATOR)
    html = page(client, applied)
    assert "Application received" in html and 'id="event-accept"' in html and 'id="event-decline"' in html
    response = post_event(client, applied, "accept")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/applications/{applied}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Done: Admit to the pilot. The application is now: Putting the modules in place." in html
    timeline = html[html.index('class="timeline"') :]
    assert "Joined the programme" in timeline and "Admit to the pilot" in timeline and "Mira Coordinator" in timeline
    assert _state(app, applied) == ("implementing", 2, 2)
    assert len(sent) == 2  # the two jobs of 'implementing', relayed after the commit


def test_a_school_sees_its_state_what_comes_next_and_why_it_cannot_move_yet(app, applied):
    with app.app_context():
        fire_as(applied, "accept", COORDINATOR)
        db.session.remove()
    html = page(signed_in(app, HEAD_A), applied)
    assert "Putting the modules in place" in html
    # the school sees plain steps and what to do now, not the programme's events
    assert 'id="step-apply" aria-current="step"' in html and "Put each module in place" in html
    assert 'id="event-start_self_assessment"' not in html and 'id="next-heading"' not in html
    leave = html[html.index('<details class="tucked" id="leave">') :]  # withdrawing is tucked away
    assert "Withdraw from the programme" in leave and 'id="event-withdraw"' in leave
    assert "<dt>Version</dt>" not in html  # the optimistic lock's number is for the API, not for people
    assert '(<span title="MD-CU">Chișinău</span>)' in html  # the region by its name, not its code
    assert "Mark “Online-safety policy and leadership” complete" in html


def test_staff_mark_modules_complete_and_then_the_admin_can_start_the_self_assessment(app, applied):
    with app.app_context():
        fire_as(applied, "accept", COORDINATOR)
        db.session.remove()
    staff = signed_in(app, "staff.a@example.org")
    for code in ("policy", "staff", "pupils", "technical", "reporting"):
        token = csrf_token(page(staff, applied))
        assert staff.post(f"/applications/{applied}/modules/{code}", data={"csrf_token": token}).status_code == 302
    head = signed_in(app, HEAD_A)
    assert 'id="event-start_self_assessment"' in page(head, applied)
    assert post_event(head, applied, "start_self_assessment").status_code == 302
    assert _state(app, applied)[0] == "self_assessment"


@pytest.mark.parametrize(
    ("email", "event", "fields", "status", "message"),
    [
        (COORDINATOR, "fly", {}, 404, "There is no action called &#39;fly&#39;"),
        (COORDINATOR, "open_renewal", {}, 409, "cannot be done while the application is in state"),
        (HEAD_A, "accept", {}, 403, "cannot be done with your role"),
        (COORDINATOR, "decline", {"comment": ""}, 422, "Please add a comment explaining this decision."),
    ],
)
def test_bad_events_get_their_status_and_message_and_change_nothing(
    app, applied, sent, email, event, fields, status, message
):
    client = signed_in(app, email)
    response = post_event(client, applied, event, version=1, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert "Nothing was changed" in html and message in html
    assert _state(app, applied) == ("applied", 1, 1)
    assert sent == []


def test_a_stale_version_is_a_conflict(app, applied):
    client = signed_in(app, COORDINATOR)
    html = page(client, applied)
    # Someone else admits the school after this page was loaded.
    with app.app_context():
        fire_as(applied, "accept", COORDINATOR)
        db.session.remove()
    response = client.post(
        f"/applications/{applied}/events/accept",
        data={"csrf_token": csrf_token(html), "expected_version": 1},
    )
    assert response.status_code == 409
    assert "Someone else changed this application in the meantime" in response.get_data(as_text=True)
    assert _state(app, applied) == ("implementing", 2, 2)


def test_the_decline_form_keeps_what_was_typed_when_it_is_refused(app, applied):
    client = signed_in(app, COORDINATOR)
    response = post_event(client, applied, "decline", version=5, comment="Not in the pilot region this year.")
    assert response.status_code == 409
    assert "Not in the pilot region this year." in response.get_data(as_text=True)


def test_guard_reasons_come_back_with_422(app, applied):
    with app.app_context():
        fire_as(applied, "accept", COORDINATOR)
        complete_modules(applied, HEAD_A)
        fire_as(applied, "start_self_assessment", HEAD_A)
        db.session.remove()
    response = post_event(signed_in(app, HEAD_A), applied, "submit", version=3, comment=LONG_COMMENT)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The self-assessment has not been completed yet" in html
    assert "Please upload: Online-safety policy." in html
    assert _state(app, applied) == ("self_assessment", 3, 3)


def test_a_form_without_its_version_is_refused(app, applied):
    client = signed_in(app, COORDINATOR)
    token = csrf_token(page(client, applied))
    response = client.post(f"/applications/{applied}/events/accept", data={"csrf_token": token})
    assert response.status_code == 400
    assert _state(app, applied) == ("applied", 1, 1)


def test_a_form_without_its_csrf_token_is_refused(app, applied):
    client = signed_in(app, COORDINATOR)
    response = client.post(f"/applications/{applied}/events/accept", data={"expected_version": 1})
    assert response.status_code == 400
    assert _state(app, applied) == ("applied", 1, 1)


@pytest.mark.parametrize("email", ["head.b@example.org", "coord.ua@example.org", "assessor@example.org"])
def test_people_without_a_role_on_an_application_get_403_and_nothing_leaks(app, applied, email):
    client = signed_in(app, email)
    response = client.get(f"/applications/{applied}")
    assert response.status_code == 403
    assert "Liceul Teoretic A" not in response.get_data(as_text=True)
    token = csrf_token(client.get("/me").get_data(as_text=True))
    form = {"csrf_token": token, "expected_version": 1}
    response = client.post(f"/applications/{applied}/events/withdraw", data=form)
    assert response.status_code == 403
    assert "Liceul Teoretic A" not in response.get_data(as_text=True)
    assert _state(app, applied) == ("applied", 1, 1)
    assert client.get("/applications/999999").status_code == 404
    listing = client.get("/applications").get_data(as_text=True)
    assert "Liceul Teoretic A" not in listing


def test_an_assessor_sees_only_the_applications_assigned_to_them(app, applied, world):
    from tests.applications.builders import assign

    with app.app_context():
        fire_as(applied, "accept", COORDINATOR)
        other = start(world, "ciss", school="b")
        assign(applied, "assessor@example.org")
        db.session.remove()
    client = signed_in(app, "assessor@example.org")
    assert client.get(f"/applications/{applied}").status_code == 200
    assert client.get(f"/applications/{other}").status_code == 403
    listing = client.get("/applications").get_data(as_text=True)
    assert "Liceul Teoretic A" in listing and "Lviv School B" not in listing


def test_a_coordinator_assigns_an_assessor_on_the_page(app, applied):
    client = signed_in(app, COORDINATOR)
    html = page(client, applied)
    assessor_id = re.search(r'<option value="(\d+)">Artem Assessor</option>', html).group(1)
    response = client.post(
        f"/applications/{applied}/assessors",
        data={"csrf_token": csrf_token(html), "assessor_id": assessor_id, "role": "lead"},
    )
    assert response.status_code == 302
    assert "Artem Assessor — Lead assessor" in page(client, applied)


def test_a_school_admin_joins_a_programme_from_the_dashboard(app, world, sent):
    client = signed_in(app, HEAD_A)
    dashboard = client.get(f"/schools/{world.school_a}").get_data(as_text=True)
    assert "Join programme eSafety Label" in dashboard and "Join programme Certified Safe Internet School" in dashboard
    response = client.post(
        f"/schools/{world.school_a}/programmes/esafety-label/join", data={"csrf_token": csrf_token(dashboard)}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/self-assessment")  # joining opens the first question
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "has joined eSafety Label" in html and 'id="area-heading"' in html
    dashboard = client.get(f"/schools/{world.school_a}").get_data(as_text=True)
    assert "Join programme eSafety Label" not in dashboard and "Self-assessment in progress" in dashboard
    assert len(sent) == 2  # notify_school of 'registered'; the self-assessment's entry (no e-mail: not a return)
    again = client.post(
        f"/schools/{world.school_a}/programmes/esafety-label/join", data={"csrf_token": csrf_token(dashboard)}
    )
    assert again.status_code == 409


def test_staff_cannot_join_and_see_no_join_button(app, world):
    client = signed_in(app, "staff.a@example.org")
    dashboard = client.get(f"/schools/{world.school_a}").get_data(as_text=True)
    assert "Join programme" not in dashboard
    token = csrf_token(dashboard)
    response = client.post(f"/schools/{world.school_a}/programmes/ciss/join", data={"csrf_token": token})
    assert response.status_code == 403
    with app.app_context():
        assert jobs() == []


def test_an_unverified_school_is_told_it_must_be_verified_first(app, world):
    from accreditation.models import School

    with app.app_context():
        db.session.get(School, world.school_a).verification = "pending"
        db.session.commit()
    client = signed_in(app, HEAD_A)
    dashboard = client.get(f"/schools/{world.school_a}").get_data(as_text=True)
    assert "once a coordinator has verified it" in dashboard and "Join programme" not in dashboard


def test_coordinators_see_every_programmes_diagram_drawn_locally(app, world):
    client = signed_in(app, COORDINATOR)
    response = client.get("/programmes")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<svg") == 2 and "Certified Safe Internet School" in html and "eSafety Label" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from elsewhere
    assert "stateDiagram-v2" in html  # the Mermaid source, for copying


def test_schools_read_the_programmes_in_plain_words_without_the_diagram(app, world):
    html = signed_in(app, HEAD_A).get("/programmes").get_data(as_text=True)
    assert "What your school will do in each programme" in html and "<svg" not in html


def test_the_application_page_needs_a_signed_in_user(client, applied):
    response = client.get(f"/applications/{applied}")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def _event_form(html: str, event: str) -> str:
    found = re.search(rf'<form[^>]*id="event-{event}".*?</form>', html, re.S)
    assert found is not None, event
    return found.group(0)


def test_an_event_that_ends_the_application_is_confirmed_with_a_box_first(app, applied):
    client = signed_in(app, HEAD_A)
    withdraw = _event_form(page(client, applied), "withdraw")
    assert 'name="understood"' in withdraw and "cannot be undone" in withdraw and 'class="button danger"' in withdraw
    response = post_event(client, applied, "withdraw", comment="We join next year.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tick the box to confirm: this ends the application, and it cannot be undone." in html
    assert "We join next year." in html  # what was typed is kept
    assert _state(app, applied) == ("applied", 1, 1)
    response = post_event(client, applied, "withdraw", comment="We join next year.", understood="y")
    assert response.status_code == 302
    assert _state(app, applied) == ("withdrawn", 2, 2)


def test_events_that_do_not_end_the_application_ask_no_confirmation(app, applied):
    client = signed_in(app, COORDINATOR)
    html = page(client, applied)
    assert 'name="understood"' not in _event_form(html, "accept")
    assert 'name="understood"' in _event_form(html, "decline")  # declining ends it
    assert post_event(client, applied, "accept").status_code == 302
    assert _state(app, applied) == ("implementing", 2, 2)


def test_someone_who_may_not_fire_it_hears_that_rather_than_about_the_box(app, applied):
    client = signed_in(app, "staff.a@example.org")  # school staff: only the school's admin withdraws
    response = post_event(client, applied, "withdraw", version=1)
    assert response.status_code == 403
    assert "Tick the box" not in response.get_data(as_text=True)
    assert _state(app, applied) == ("applied", 1, 1)


def test_a_missing_box_and_a_missing_comment_are_said_together(app, applied):
    response = post_event(signed_in(app, COORDINATOR), applied, "decline", comment="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tick the box to confirm" in html and "Please add a comment explaining this decision." in html
    assert _state(app, applied) == ("applied", 1, 1)


# --- the school's application page in plain words; the assessor's way into the review ------------------------------

WANTING_0 = "The training log is missing: please upload the signed log."
WANTING_1 = "Only two classes so far; say when the others follow."


def _returned_for_changes(app, world) -> tuple[int, list]:
    """School A's eSafety Label application returned by the lead assessor, two criteria found wanting."""
    from accreditation.review import decisions
    from tests.applications.builders import person
    from tests.review.builders import LEAD, criteria, judge_all, under_review, version

    with app.app_context():
        application_id = under_review(world, "esafety-label")
        found = criteria(application_id)[:2]
        judge_all(
            application_id,
            except_={
                found[0].code: {"verdict": "insufficient", "comment": WANTING_0, "gap": "minor"},
                found[1].code: {"verdict": "insufficient", "comment": WANTING_1, "gap": "minor"},
            },
        )
        decisions.request_changes(application_id, person(LEAD), version(application_id), "Two things to mend.")
        db.session.commit()
        db.session.remove()
    return application_id, found


def _history(html: str) -> str:
    found = re.search(r'<section aria-labelledby="history-heading">.*?</section>', html, re.S)
    assert found is not None
    return found.group(0)


def _now(html: str) -> str:
    found = re.search(r'<section class="now".*?</section>', html, re.S)
    assert found is not None
    return found.group(0)


def test_a_school_reads_its_application_and_history_in_plain_words(app, world):
    application_id, found = _returned_for_changes(app, world)
    html = page(signed_in(app, HEAD_A), application_id)
    assert "In this state since" not in html and "<dt>Since</dt>" in html
    history = _history(html)
    assert "→" not in history
    assert "(school admin)" not in history and "(assessor)" not in history
    assert [re.sub(r"\s+", " ", text) for text in re.findall(r'<p class="what">(.*?)</p>', history, re.S)] == [
        "Head A joined the programme.",
        "Head A started the self-assessment.",
        "Head A sent the self-assessment to the assessor.",
        "The assessor started the review of your self-assessment.",
        "The assessor returned your self-assessment for more work.",
    ]
    assert "Two things to mend." in history  # the comment and the per-criterion list are kept
    assert WANTING_0 in history and WANTING_1 in history

    # coordinators keep the detailed history, with the states and who acted in which role
    detailed = page(signed_in(app, COORDINATOR), application_id)
    assert "In this state since" in detailed
    assert "→" in _history(detailed) and "(assessor)" in _history(detailed)


def test_a_school_reads_who_admitted_it(app, applied):
    assert post_event(signed_in(app, COORDINATOR), applied, "accept").status_code == 302
    history = _history(page(signed_in(app, HEAD_A), applied))
    assert "A coordinator accepted your school’s application." in history
    assert "Admit to the pilot" not in history and "(coordinator)" not in history


def test_what_to_do_now_has_one_primary_action_going_to_the_returned_criteria_first(app, world):
    from accreditation.assessment.answers import AnswerInput, save_answers, workspace
    from tests.applications.builders import person

    application_id, found = _returned_for_changes(app, world)
    school = signed_in(app, HEAD_A)
    now = _now(page(school, application_id))
    assert now.count("button primary") == 1
    primary = re.search(r'<a class="button primary" id="primary-action" href="([^"]+)"', now)
    assert primary is not None and primary.group(1).endswith(f"#criterion-{found[0].code}")
    send = re.search(r'<button type="submit" class="([^"]+)" id="send-button">', now)
    assert send is not None and send.group(1) == "button"  # a secondary button while criteria wait

    with app.app_context():  # the school changes both returned answers
        answers = workspace(application_id, person(HEAD_A)).answers()
        mended = [
            AnswerInput(
                c.code, answers[c.code].level, answers[c.code].commentary + " Mended.", answers[c.code].revision
            )
            for c in found
        ]
        save_answers(application_id, person(HEAD_A), mended)
        db.session.commit()
        db.session.remove()
    now = _now(page(school, application_id))
    assert now.count("button primary") == 1 and 'id="primary-action"' not in now
    send = re.search(r'<button type="submit" class="([^"]+)" id="send-button">', now)
    assert send is not None and send.group(1) == "button primary"  # all addressed: sending is the primary


def test_an_assessor_opens_the_review_by_going_to_it_not_with_a_start_button(app, world):
    from accreditation.applications import commit_and_relay
    from accreditation.review.assignment import assign_assessor
    from tests.applications.builders import person
    from tests.review.builders import LEAD, submitted

    with app.app_context():
        application_id = submitted(world, "esafety-label")
        assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
        commit_and_relay()
        db.session.remove()
    coordinator = page(signed_in(app, COORDINATOR), application_id)  # no assessor: the event's button stays
    assert 'id="event-start_review"' in coordinator and 'id="open-review"' not in coordinator
    lead = signed_in(app, LEAD)
    html = page(lead, application_id)
    outside_the_diagram = re.sub(r'<details class="diagram">.*?</details>', "", html, flags=re.S)
    assert 'id="event-start_review"' not in html and "Start the review" not in outside_the_diagram
    link = re.search(r'<a class="button primary" id="open-review" href="([^"]+)">Open the review</a>', html)
    assert link is not None and link.group(1) == f"/applications/{application_id}/review"
    assert lead.get(link.group(1)).status_code == 200  # the first visit opens the review
    assert _state(app, application_id)[0] == "under_review"
