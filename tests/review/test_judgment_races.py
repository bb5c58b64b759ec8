"""Two saves of one criterion's judgment at once (a double submit, two tabs, two devices): never a 500 and never a
silent overwrite. The same judgment twice merges into one; a different one is a 409 conflict that shows the
judgment saved meanwhile, and saving again from that page replaces it deliberately.

On PostgreSQL two threads post through their own connections and meet at a barrier after both found no judgment,
so both insert at once; on either database a sequential equivalent lets another session commit the first judgment
between the request's read and its insert.
"""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Judgment
from accreditation.review import judgments as judgments_module
from accreditation.review.judgments import JudgmentInput, save_judgment
from tests.applications.builders import person
from tests.applications.web import signed_in
from tests.builders import csrf_token
from tests.review.builders import LEAD, criteria, under_review

AGREE = {"verdict": "agree", "comment": ""}
INSUFFICIENT = {"verdict": "insufficient", "comment": "The policy is not signed.", "gap": "minor"}


def _opened(app, world) -> tuple[int, str]:
    """An application under review, its round opened by the lead assessor; the code of its first criterion."""
    with app.app_context():
        application_id = under_review(world)
        code = criteria(application_id)[0].code
        db.session.remove()
    response = signed_in(app, LEAD).get(f"/applications/{application_id}/review?criterion={code}")
    assert response.status_code == 200
    return application_id, code


def _form(client, application_id: int, code: str) -> dict:
    """The judgment form's hidden fields as the page shows them now."""
    html = client.get(f"/applications/{application_id}/review?criterion={code}").get_data(as_text=True)
    based_on = re.search(r'name="based_on" value="(\d+)"', html).group(1)
    return {"csrf_token": csrf_token(html), "based_on": based_on}


def _post(client, application_id: int, code: str, hidden: dict, values: dict):
    return client.post(f"/applications/{application_id}/review/judgments/{code}", data={**hidden, **values})


def _stored(app, application_id: int, code: str) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Judgment.verdict, Judgment.comment).where(Judgment.criterion_code == code)
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("first", "second", "outcomes"),
    [
        (AGREE, AGREE, [302, 302]),  # a double submit: merged, one judgment
        (AGREE, INSUFFICIENT, [302, 409]),  # two different judgments: one wins, the other sees it
    ],
)
def test_two_first_saves_at_once_merge_or_conflict_never_a_500(app, world, monkeypatch, first, second, outcomes):
    application_id, code = _opened(app, world)
    clients = [signed_in(app, LEAD), signed_in(app, LEAD)]
    hidden = [_form(client, application_id, code) for client in clients]
    assert hidden[0]["based_on"] == hidden[1]["based_on"] == "0"  # both pages showed no judgment

    barrier = threading.Barrier(2, timeout=30)
    waited = threading.local()
    real_utcnow = judgments_module.utcnow

    def utcnow_together():
        if not getattr(waited, "done", False):  # both requests have looked and found no judgment: insert at once
            waited.done = True
            barrier.wait()
        return real_utcnow()

    monkeypatch.setattr(judgments_module, "utcnow", utcnow_together)
    results: dict[int, object] = {}

    def save(index: int, values: dict) -> None:
        try:
            response = _post(clients[index], application_id, code, hidden[index], values)
            results[index] = (response.status_code, response.get_data(as_text=True))
        except Exception as error:  # noqa: BLE001 (a 500 propagates in testing: reported below)
            results[index] = error

    threads = [threading.Thread(target=save, args=(i, values)) for i, values in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(result, tuple) for result in results.values()), results
    assert sorted(status for status, _page in results.values()) == outcomes
    stored = _stored(app, application_id, code)
    assert len(stored) == 1
    if outcomes == [302, 409]:
        [(_status, page)] = [result for result in results.values() if result[0] == 409]
        assert 'id="problem"' in page and "judged differently a moment ago" in page and 'id="saved-judgment"' in page
        loser = second if stored[0][0] == first["verdict"] else first
        assert stored[0][0] != loser["verdict"]  # the winner's judgment stands, the loser's was not written over it
        assert f'value="{loser["verdict"]}" checked' in page  # the loser's own choice is still on the form


def _another_session_saves_first(app, monkeypatch, application_id: int, code: str, values: dict) -> None:
    """Between the request's read and its write, another session saves ``values`` for the criterion and commits."""
    real_utcnow = judgments_module.utcnow
    state = {"done": False}

    def utcnow_after_another_save():
        if not state["done"]:
            state["done"] = True
            with app.app_context():
                save_judgment(application_id, person(LEAD), JudgmentInput(code, **values))
                db.session.commit()
        return real_utcnow()

    monkeypatch.setattr(judgments_module, "utcnow", utcnow_after_another_save)


def test_a_first_save_that_lost_the_race_with_the_same_judgment_merges(app, world, monkeypatch):
    application_id, code = _opened(app, world)
    client = signed_in(app, LEAD)
    hidden = _form(client, application_id, code)
    _another_session_saves_first(app, monkeypatch, application_id, code, INSUFFICIENT)
    response = _post(client, application_id, code, hidden, INSUFFICIENT)
    assert response.status_code == 302
    assert _stored(app, application_id, code) == [("insufficient", INSUFFICIENT["comment"])]


def test_a_first_save_that_lost_the_race_with_another_judgment_is_a_conflict_and_changes_nothing(
    app, world, monkeypatch
):
    application_id, code = _opened(app, world)
    client = signed_in(app, LEAD)
    hidden = _form(client, application_id, code)
    _another_session_saves_first(app, monkeypatch, application_id, code, AGREE)
    response = _post(client, application_id, code, hidden, INSUFFICIENT)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "judged differently a moment ago" in page and "Agreed: level" in page  # what was saved meanwhile
    assert INSUFFICIENT["comment"] in page  # and what the assessor typed, kept on the form
    assert _stored(app, application_id, code) == [("agree", "")]

    monkeypatch.undo()
    again = _post(client, application_id, code, _form(client, application_id, code), INSUFFICIENT)
    assert again.status_code == 302  # saved again from the page that showed the conflict: replaced on purpose
    assert _stored(app, application_id, code) == [("insufficient", INSUFFICIENT["comment"])]


def test_a_save_from_a_page_older_than_the_judgment_is_a_conflict_not_an_overwrite(app, world):
    application_id, code = _opened(app, world)
    first_tab, second_tab = signed_in(app, LEAD), signed_in(app, LEAD)
    assert _post(first_tab, application_id, code, _form(first_tab, application_id, code), AGREE).status_code == 302
    old_page = _form(second_tab, application_id, code)  # shows the agreement
    changed = {"verdict": "insufficient", "comment": "No evidence of staff training.", "gap": "significant"}
    assert _post(first_tab, application_id, code, _form(first_tab, application_id, code), changed).status_code == 302

    response = _post(second_tab, application_id, code, old_page, INSUFFICIENT)
    assert response.status_code == 409
    assert _stored(app, application_id, code) == [("insufficient", changed["comment"])]
    # the same judgment again from the old page (a double submit) is no conflict: nothing to merge
    assert _post(second_tab, application_id, code, old_page, changed).status_code == 302
    assert _stored(app, application_id, code) == [("insufficient", changed["comment"])]


def test_a_damaged_revision_is_a_form_error(app, world):
    application_id, code = _opened(app, world)
    client = signed_in(app, LEAD)
    hidden = {**_form(client, application_id, code), "based_on": "yesterday"}
    response = _post(client, application_id, code, hidden, AGREE)
    assert response.status_code == 422
    assert _stored(app, application_id, code) == []
