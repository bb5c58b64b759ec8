"""A conflict of interest recorded in error is withdrawn by a coordinator of the school's region, with a reason: the
assessor becomes eligible again, the conflict stays as history, and the same conflict may be recorded again later.
The assessor cannot lift their own conflict."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from accreditation.applications import NotPermitted
from accreditation.extensions import db
from accreditation.models import AssessorConflict
from accreditation.review.assignment import ineligibility
from accreditation.review.conflicts import record_conflict, withdraw_conflict
from accreditation.review.errors import ConflictError
from tests.applications.builders import application, person, start
from tests.applications.web import page, signed_in
from tests.builders import csrf_token
from tests.review.builders import COORDINATOR, LEAD

UA_COORDINATOR = "coord.ua@example.org"
REASON = "Recorded for the wrong assessor."


def _declared(application_id: int) -> AssessorConflict:
    conflict = record_conflict(person(LEAD), application(application_id).school, "declared", "Cousin.", person(LEAD))
    db.session.commit()
    return conflict


def test_a_withdrawn_conflict_no_longer_bars_the_assessor_and_is_kept(ctx, world):
    application_id = start(world, "ciss")
    conflict = _declared(application_id)
    assert ineligibility(application(application_id), person(LEAD), "lead")

    withdraw_conflict(conflict, REASON, person(COORDINATOR))
    db.session.commit()

    assert ineligibility(application(application_id), person(LEAD), "lead") == []
    kept = db.session.get(AssessorConflict, conflict.id)
    assert kept.withdrawn_at is not None and kept.withdrawn_by_id == person(COORDINATOR).id
    assert kept.withdrawal_note == REASON and kept.note == "Cousin."
    # The same conflict can be recorded again, and bars the assessor again.
    _declared(application_id)
    assert ineligibility(application(application_id), person(LEAD), "lead")
    assert len(db.session.scalars(select(AssessorConflict)).all()) == 2


def test_only_a_coordinator_of_the_region_withdraws_and_only_with_a_reason(ctx, world):
    application_id = start(world, "ciss")
    conflict = _declared(application_id)
    with pytest.raises(NotPermitted):
        withdraw_conflict(conflict, REASON, person(LEAD))  # not the assessor themself
    with pytest.raises(NotPermitted):
        withdraw_conflict(conflict, REASON, person(UA_COORDINATOR))  # another region
    with pytest.raises(ConflictError, match="say why"):
        withdraw_conflict(conflict, "  oops  ", person(COORDINATOR))
    with pytest.raises(ConflictError, match="under 2000 characters"):
        withdraw_conflict(conflict, "x" * 2001, person(COORDINATOR))
    db.session.rollback()
    assert db.session.get(AssessorConflict, conflict.id).withdrawn_at is None
    withdraw_conflict(conflict, REASON, person(COORDINATOR))
    db.session.commit()
    with pytest.raises(ConflictError, match="already withdrawn"):
        withdraw_conflict(conflict, "A second time, by mistake.", person(COORDINATOR))


def _withdraw_url(application_id: int, conflict_id: int) -> str:
    return f"/applications/{application_id}/conflicts/{conflict_id}/withdraw"


def test_a_coordinator_withdraws_a_conflict_on_the_application_page(app, world):
    with app.app_context():
        application_id = start(world, "ciss")
        conflict_id = _declared(application_id).id
    client = signed_in(app, COORDINATOR)
    html = page(client, application_id)
    assert "Conflicts of interest with this school (1)" in html
    assert _withdraw_url(application_id, conflict_id) in html

    short = client.post(_withdraw_url(application_id, conflict_id), data={"csrf_token": csrf_token(html), "note": "x"})
    assert short.status_code == 422
    assert "say why the conflict is withdrawn" in short.get_data(as_text=True)

    done = client.post(
        _withdraw_url(application_id, conflict_id), data={"csrf_token": csrf_token(html), "note": REASON}
    )
    assert done.status_code == 302
    html = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Artem Assessor may be assigned applications of this school again." in html
    assert "Conflicts of interest with this school (0)" in html
    assert re.search(r"withdrawn .* by Mira Coordinator: Recorded for the wrong assessor\.", html)
    assert _withdraw_url(application_id, conflict_id) not in html
    again = client.post(
        _withdraw_url(application_id, conflict_id), data={"csrf_token": csrf_token(html), "note": REASON}
    )
    assert again.status_code == 409 and "already withdrawn" in again.get_data(as_text=True)

    # The assessor sees it withdrawn on their own page.
    mine = signed_in(app, LEAD).get("/assessor/conflicts").get_data(as_text=True)
    assert "Recorded for the wrong assessor." in mine and "withdrawn" in mine


def test_others_cannot_withdraw_a_conflict_over_http(app, world):
    with app.app_context():
        application_id = start(world, "ciss")
        other_id = start(world, "ciss", school="b")
        conflict_id = _declared(application_id).id
    for email, status in ((LEAD, 403), (UA_COORDINATOR, 403), ("head.a@example.org", 403)):
        client = signed_in(app, email)
        token = csrf_token(client.get("/me").get_data(as_text=True))
        answer = client.post(_withdraw_url(application_id, conflict_id), data={"csrf_token": token, "note": REASON})
        assert answer.status_code == status, email
    coordinator = signed_in(app, COORDINATOR)
    token = csrf_token(coordinator.get("/me").get_data(as_text=True))
    # A conflict addressed through another school's application, or one that does not exist: 404.
    assert coordinator.post(_withdraw_url(other_id, conflict_id), data={"csrf_token": token}).status_code == 404
    assert coordinator.post(_withdraw_url(application_id, 999_999), data={"csrf_token": token}).status_code == 404
    assert coordinator.post(_withdraw_url(application_id, conflict_id), data={"note": REASON}).status_code == 400
    with app.app_context():
        assert db.session.get(AssessorConflict, conflict_id).withdrawn_at is None
