"""The review page's words are worked out once per read model and language (``review/page_texts.py``): each reader
still sees the list of criteria in their own language, with each criterion's status as it stands, and a request
that finds nothing changed reads only the person and the stamp (the round's frozen survey views come with the
model)."""

from __future__ import annotations

import re

from sqlalchemy import update

from accreditation.extensions import db
from accreditation.models import User
from tests.applications.web import signed_in
from tests.review.builders import COORDINATOR, LEAD, criteria, judge
from tests.review.test_review_read_model import opened, statements  # noqa: F401 (a fixture)


def _criteria_list(html: str) -> str:
    return html.split('<nav class="review-criteria"', 1)[1].split("</nav>", 1)[0]


def _status(html: str, code: str) -> str:
    found = re.search(
        rf'criterion={re.escape(code)}"[^>]*>[^<]*</a>\s*<span class="review-status">([^<]*)</span>', html
    )
    assert found, code
    return found.group(1)


def test_each_language_sees_its_own_list_and_each_change(app, opened):  # noqa: F811
    application_id, codes = opened
    with app.app_context():
        db.session.execute(update(User).where(User.email == COORDINATOR).values(language="uk"))
        db.session.commit()
        first = criteria(application_id)[0]
        english, ukrainian = first.title.in_("en"), first.title.in_("uk")
        db.session.remove()
    assert english != ukrainian
    lead, coordinator = signed_in(app, LEAD), signed_in(app, COORDINATOR)  # reads the round in Ukrainian
    for _round in range(2):  # the second round reads the words kept with the model
        mine = _criteria_list(lead.get(f"/applications/{application_id}/review").get_data(as_text=True))
        theirs = _criteria_list(coordinator.get(f"/applications/{application_id}/review").get_data(as_text=True))
        assert english in mine and ukrainian not in mine
        assert ukrainian in theirs and english not in theirs
        assert _status(mine, codes[0]) == "to judge" and _status(theirs, codes[0]) not in ("to judge", "")
    before = _status(theirs, codes[0])
    with app.app_context():
        judge(application_id, codes[0], "agree")
        db.session.remove()
    mine = lead.get(f"/applications/{application_id}/review").get_data(as_text=True)
    theirs = coordinator.get(f"/applications/{application_id}/review").get_data(as_text=True)
    assert _status(mine, codes[0]) == "judged"
    assert _status(theirs, codes[0]) != before  # a new stamp: a new model, its words worked out again


def test_a_request_that_finds_nothing_changed_reads_the_person_and_the_stamp_only(app, opened):  # noqa: F811
    application_id, codes = opened
    client = signed_in(app, LEAD)
    client.get(f"/applications/{application_id}/review?criterion={codes[1]}")
    with statements(app) as seen:
        response = client.get(f"/applications/{application_id}/review?criterion={codes[1]}")
    assert response.status_code == 200
    assert not [statement for statement in seen if "survey_snapshot_results" in statement]
    stamps = [statement for statement in seen if "FROM review_judgments" in statement]
    assert len(stamps) == 1, seen  # the view is read once per request, not once per question asked of it
    others = [statement for statement in seen if statement not in stamps and "FROM users" not in statement]
    assert others == [], others
