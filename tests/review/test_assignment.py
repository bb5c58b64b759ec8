"""Who may assess an application: the rules case by case (country, language, conflicts of each kind, the second
role), the proposal by load and name, assignment refusing an ineligible assessor, the history of reassignments,
and the pages (403 for an assessor on someone else's application)."""

from __future__ import annotations

import re

import pytest

from accreditation.accounts.users import create_user
from accreditation.applications import InvalidAssignment
from accreditation.extensions import db
from accreditation.models import Application, Membership, User
from accreditation.review.assignment import assign_assessor, assignment_history, ineligibility, open_reviews, propose
from accreditation.review.conflicts import record_conflict
from accreditation.review.errors import ConflictError
from tests.applications.builders import application, person, start
from tests.applications.web import page, signed_in
from tests.builders import PASSWORD, csrf_token
from tests.review.builders import COORDINATOR, LEAD

UA_COORDINATOR = "coord.ua@example.org"


def _assessor(email: str, name: str, countries=("MD",), languages=("ro",)) -> User:
    user = create_user(email, name, "assessor", PASSWORD, countries=list(countries), languages=list(languages))
    db.session.commit()
    return user


def _reasons(application_id: int, email: str, role: str = "lead") -> list[str]:
    return ineligibility(application(application_id), person(email), role)


def test_an_active_assessor_of_the_country_and_language_without_conflict_is_eligible(ctx, world):
    application_id = start(world, "ciss")
    assert _reasons(application_id, LEAD) == []


def test_an_assessor_who_does_not_speak_the_schools_language_is_not_eligible(ctx, world):
    _assessor("ru.only@example.org", "Roman Russian", languages=("ru",))
    application_id = start(world, "ciss")
    assert _reasons(application_id, "ru.only@example.org") == [
        "Roman Russian does not assess in the school's language (ro)."
    ]


def test_an_assessor_of_another_country_is_not_eligible(ctx, world):
    _assessor("ua.only@example.org", "Ursula Ukraine", countries=("UA",), languages=("ro", "uk"))
    application_id = start(world, "ciss")
    assert _reasons(application_id, "ua.only@example.org") == ["Ursula Ukraine does not assess schools in MD."]


def test_a_deactivated_assessor_is_not_eligible(ctx, world):
    _assessor("gone@example.org", "Gone Assessor").active = False
    db.session.commit()
    application_id = start(world, "ciss")
    assert _reasons(application_id, "gone@example.org") == ["Gone Assessor's account is deactivated."]


def test_a_declared_conflict_makes_an_assessor_ineligible_for_that_school_only(ctx, world):
    a = start(world, "ciss")
    b = start(world, "ciss", school="b")
    assessor = person(LEAD)
    record_conflict(assessor, application(a).school, "declared", "My sister teaches there.", assessor)
    db.session.commit()
    assert _reasons(a, LEAD) == [
        "Artem Assessor declared a conflict of interest with this school (My sister teaches there.)."
    ]
    assert _reasons(b, LEAD) == []


def test_having_advised_the_school_makes_an_assessor_ineligible(ctx, world):
    application_id = start(world, "ciss")
    record_conflict(person(LEAD), application(application_id).school, "advised", "", person(COORDINATOR))
    db.session.commit()
    assert _reasons(application_id, LEAD) == ["Artem Assessor has advised this school."]


def test_a_member_of_the_school_cannot_assess_it(ctx, world):
    application_id = start(world, "ciss")
    db.session.add(Membership(user_id=person(LEAD).id, school_id=world.school_a, role="school_staff"))
    db.session.commit()
    assert _reasons(application_id, LEAD) == ["Artem Assessor is a member of this school."]


def test_the_lead_cannot_be_the_moderator(ctx, world):
    application_id = start(world, "ciss")
    assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
    db.session.commit()
    assert _reasons(application_id, LEAD, "moderator") == [
        "Artem Assessor is already the lead assessor of this application; the moderator must be a second assessor."
    ]
    with pytest.raises(InvalidAssignment, match="the moderator must be a second assessor"):
        assign_assessor(application_id, person(LEAD).id, "moderator", person(COORDINATOR))


def test_only_the_assessor_or_a_coordinator_of_the_region_records_a_conflict(ctx, world):
    application_id = start(world, "ciss")
    school = application(application_id).school
    other = _assessor("other@example.org", "Olga Other")
    from accreditation.applications import NotPermitted

    with pytest.raises(NotPermitted):
        record_conflict(person(LEAD), school, "declared", "", other)  # another assessor
    with pytest.raises(NotPermitted):
        record_conflict(person(LEAD), school, "declared", "", person(UA_COORDINATOR))  # another region
    record_conflict(person(LEAD), school, "declared", "", person(LEAD))
    db.session.commit()
    with pytest.raises(ConflictError, match="already recorded"):
        record_conflict(person(LEAD), school, "declared", "", person(COORDINATOR))
    with pytest.raises(ConflictError, match="kind of conflict"):
        record_conflict(person(LEAD), school, "friendly", "", person(COORDINATOR))


def test_the_proposal_is_the_eligible_assessor_with_the_fewest_open_reviews(ctx, world):
    busy = _assessor("busy@example.org", "Anna Busy", countries=("MD", "UA"), languages=("ro", "uk"))
    free = _assessor("free@example.org", "Zoe Free")
    _assessor("ru.only@example.org", "Roman Russian", languages=("ru",))
    target = start(world, "ciss")
    a_label = start(world, "esafety-label")
    b_ciss, b_label = start(world, "ciss", school="b"), start(world, "esafety-label", school="b")
    assign_assessor(a_label, busy.id, "lead", person(COORDINATOR))
    assign_assessor(a_label, person(LEAD).id, "moderator", person(COORDINATOR))
    assign_assessor(b_ciss, busy.id, "lead", person(UA_COORDINATOR))
    assign_assessor(b_label, busy.id, "lead", person(UA_COORDINATOR))
    db.session.commit()
    assert open_reviews([busy.id, person(LEAD).id, free.id], excluding=target) == {
        busy.id: 3,
        person(LEAD).id: 1,
        free.id: 0,
    }
    proposal = propose(application(target), "lead")
    assert proposal.chosen.assessor.name == "Zoe Free"
    assert [reason for _candidate, reason in proposal.others] == [
        "Artem Assessor has 1 open reviews, more than Zoe Free (0).",
        "Anna Busy has 3 open reviews, more than Zoe Free (0).",
        "Roman Russian does not assess in the school's language (ro).",
    ]


def test_equal_loads_are_decided_by_name(ctx, world):
    _assessor("zed@example.org", "Zed Last")
    application_id = start(world, "ciss")
    proposal = propose(application(application_id), "lead")
    assert proposal.chosen.assessor.name == "Artem Assessor"
    assert [(c.assessor.name, reason) for c, reason in proposal.others] == [
        ("Zed Last", "Zed Last has as many open reviews (0) as Artem Assessor, who comes first by name.")
    ]


def test_awarded_and_closed_cycles_do_not_count_as_open_reviews(ctx, world):
    first = start(world, "ciss")
    second = start(world, "esafety-label")
    for application_id in (first, second):
        assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
    db.session.commit()
    db.session.get(Application, first).is_open = False
    from accreditation.models.time import utcnow

    db.session.get(Application, second).awarded_at = utcnow()
    db.session.commit()
    assert open_reviews([person(LEAD).id]) == {person(LEAD).id: 0}


def test_an_assessor_with_a_conflict_cannot_be_assigned(ctx, world):
    application_id = start(world, "ciss")
    record_conflict(
        person(LEAD), application(application_id).school, "advised", "Trained the staff in 2024.", person(LEAD)
    )
    db.session.commit()
    with pytest.raises(InvalidAssignment) as caught:
        assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
    assert caught.value.message == "Artem Assessor has advised this school (Trained the staff in 2024.)."
    db.session.rollback()
    assert application(application_id).assessors == []


def test_reassignment_keeps_the_history(ctx, world):
    _assessor("next@example.org", "Nina Next")
    application_id = start(world, "ciss")
    assign_assessor(application_id, person(LEAD).id, "lead", person(COORDINATOR))
    db.session.commit()
    assign_assessor(application_id, person("next@example.org").id, "lead", person(COORDINATOR))
    db.session.commit()
    history = assignment_history(application_id)
    assert [(row.user.name, row.role, row.ended_at is None) for row in history] == [
        ("Artem Assessor", "lead", False),
        ("Nina Next", "lead", True),
    ]
    assert history[0].ended_by.email == COORDINATOR
    assert [a.user.name for a in application(application_id).assessors] == ["Nina Next"]


# --- over HTTP -----------------------------------------------------------------------------------------------------


def test_an_assessor_gets_403_on_an_application_not_assigned_to_them(app, world):
    with app.app_context():
        application_id = start(world, "ciss")
    client = signed_in(app, LEAD)
    for path in ("", "/review", "/review/decision", "/feedback", "/visit.ics"):
        assert client.get(f"/applications/{application_id}{path}").status_code == 403, path
    token = csrf_token(client.get("/assessor/queue").get_data(as_text=True))
    response = client.post(
        f"/applications/{application_id}/review/judgments/x", data={"csrf_token": token, "verdict": "agree"}
    )
    assert response.status_code == 403


def test_a_coordinator_sees_the_proposal_with_reasons_and_assigns_it(app, world):
    with app.app_context():
        application_id = start(world, "ciss")
        _assessor("ru.only@example.org", "Roman Russian", languages=("ru",))
    client = signed_in(app, COORDINATOR)
    html = page(client, application_id)
    proposal = re.search(r'<section class="proposal" id="proposal-lead".*?</section>', html, re.S).group(0)
    assert "<strong>Artem Assessor</strong>" in proposal
    assert "Roman Russian does not assess in the school&#39;s language (ro)." in proposal
    assessor_id = re.search(r'name="assessor_id" value="(\d+)"', proposal).group(1)
    response = client.post(
        f"/applications/{application_id}/assessors",
        data={"csrf_token": csrf_token(html), "assessor_id": assessor_id, "role": "lead"},
    )
    assert response.status_code == 302
    html = page(client, application_id)
    assert "Artem Assessor — Lead assessor" in html
    assert re.search(r'id="assignment-history".*Artem Assessor — lead assessor', html, re.S)


def test_assigning_an_assessor_with_a_conflict_over_http_is_refused_with_the_reason(app, world):
    with app.app_context():
        application_id = start(world, "ciss")
        lead_id = person(LEAD).id
    client = signed_in(app, COORDINATOR)
    html = page(client, application_id)
    response = client.post(
        f"/applications/{application_id}/conflicts",
        data={"csrf_token": csrf_token(html), "assessor_id": lead_id, "kind": "declared", "note": "Former employee."},
    )
    assert response.status_code == 302
    response = client.post(
        f"/applications/{application_id}/assessors",
        data={"csrf_token": csrf_token(html), "assessor_id": lead_id, "role": "lead"},
    )
    assert response.status_code == 422
    assert "Artem Assessor declared a conflict of interest with this school (Former employee.)." in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert application(application_id).assessors == []


def test_a_coordinator_of_another_region_cannot_record_a_conflict(app, world):
    with app.app_context():
        application_id = start(world, "ciss")
        lead_id = person(LEAD).id
    client = signed_in(app, UA_COORDINATOR)
    token = csrf_token(client.get("/me").get_data(as_text=True))
    response = client.post(
        f"/applications/{application_id}/conflicts",
        data={"csrf_token": token, "assessor_id": lead_id, "kind": "declared"},
    )
    assert response.status_code == 403


def test_an_assessor_declares_a_conflict_on_their_page(app, world):
    client = signed_in(app, LEAD)
    html = client.get("/assessor/conflicts").get_data(as_text=True)
    response = client.post(
        "/assessor/conflicts",
        data={"csrf_token": csrf_token(html), "country": "MD", "national_id": "md-9999", "kind": "declared"},
    )
    assert response.status_code == 422
    assert "There is no school md-9999 in MD." in response.get_data(as_text=True)
    response = client.post(
        "/assessor/conflicts",
        data={
            "csrf_token": csrf_token(html),
            "country": "MD",
            "national_id": "md-1001",
            "kind": "advised",
            "note": "x",
        },
    )
    assert response.status_code == 302
    html = client.get("/assessor/conflicts").get_data(as_text=True)
    assert "Liceul Teoretic A (MD MD-1001)" in html and "Advised the school" in html
    with app.app_context():
        application_id = start(world, "ciss")
        assert _reasons(application_id, LEAD) == ["Artem Assessor has advised this school (x)."]


def test_the_panel_proposes_two_people_for_the_two_roles_until_a_lead_is_assigned(app, world):
    with app.app_context():
        application_id = start(world, "ciss")
    client = signed_in(app, COORDINATOR)

    def proposals() -> dict[str, str]:
        html = page(client, application_id)
        found = {}
        for role in ("lead", "moderator"):
            section = re.search(rf'<section class="proposal" id="proposal-{role}".*?</section>', html, re.S).group(0)
            found[role] = section
        return found

    alone = proposals()  # one assessor for Moldova in Romanian: proposed as lead, not as moderator too
    assert "<strong>Artem Assessor</strong>" in alone["lead"]
    assert "<strong>Artem Assessor</strong>" not in alone["moderator"]
    assert (
        "Artem Assessor is proposed as the lead assessor; the moderator must be a second assessor."
        in alone["moderator"]
    )
    with app.app_context():
        _assessor("zed@example.org", "Zed Second")
    both = proposals()
    assert "<strong>Artem Assessor</strong>" in both["lead"] and "<strong>Zed Second</strong>" in both["moderator"]
    with app.app_context():
        assign_assessor(application_id, person("zed@example.org").id, "lead", person(COORDINATOR))
        db.session.commit()
    assigned = proposals()  # Zed is the lead now: Artem is the moderator to propose
    assert "<strong>Artem Assessor</strong>" in assigned["moderator"]
    assert "Zed Second is already the lead assessor of this application" in assigned["moderator"]
