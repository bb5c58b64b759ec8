"""The surveys' rows of the permission matrix (tests/proof/routes.py extends its tables with these): each role's
status on the survey pages, the poster, the coordinators' export and the public answer pages. A write gets a fresh
window of its own, so one role's answer does not make the next one's a second answer."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from accreditation.extensions import db
from accreditation.models import SurveyAudience, SurveyWindow
from tests.applications.builders import person
from tests.proof.routes import PUBLIC, SCHOOL_A, SIGN_IN, Call, Route, get, post

#                 anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
HEAD_A_ONLY = (SIGN_IN, 302, 403, 403, 403, 403, 403, 403, 403, 403)
COORDINATORS_EXPORT = (SIGN_IN, 403, 403, 403, 403, 403, 200, 200, 200, 403)


#: The languages the test world's windows offer (the pseudo-language test puts its language first: a survey page and
#: its poster speak the window's languages, not the reader's interface language).
WINDOW_LANGUAGES = {"offered": "en,ru"}


def a_window(s) -> tuple[int, str]:
    """An open window of school A for pupils aged 12-14 and staff: its id and the pupils' link's token. Commits."""
    today = datetime.now(UTC).date()
    window = SurveyWindow(
        school_id=s.world.school_a,
        programme="ciss",
        instrument_version=1,
        opens_on=today,
        closes_on=today + timedelta(days=7),
        languages=WINDOW_LANGUAGES["offered"],
    )
    window.audiences = [
        SurveyAudience(audience=audience, token=secrets.token_urlsafe(9), responses=0)
        for audience in ("pupils_12_14", "staff")
    ]
    db.session.add(window)
    db.session.commit()
    return window.id, window.audiences[0].token


def _open_form() -> dict[str, object]:
    today = datetime.now(UTC).date()
    return {
        "programme": "ciss",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=7)).isoformat(),
        "audiences": ["parents"],
        "languages": ["en"],
    }


SURVEY_READS = [
    get("surveys.index", lambda s: f"/schools/{s.world.school_a}/surveys", SCHOOL_A),
    get("surveys.window", lambda s: f"/schools/{s.world.school_a}/surveys/{a_window(s)[0]}", SCHOOL_A),
    get(
        "surveys.poster",
        lambda s: f"/schools/{s.world.school_a}/surveys/{a_window(s)[0]}/poster/pupils_12_14.pdf",
        SCHOOL_A,
    ),
    get("surveys.answer_page", lambda s: f"/s/{a_window(s)[1]}", PUBLIC),
    get(
        "surveys.invite_staff_page",
        lambda s: f"/schools/{s.world.school_a}/surveys/{a_window(s)[0]}/staff",
        (SIGN_IN, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    Route(
        "surveys.export_surveys",
        "GET",
        lambda s, r: Call("/coordinate/dashboard/export/surveys.csv", query="programme=ciss"),
        COORDINATORS_EXPORT,
    ),
]

SURVEY_WRITES = [
    post("surveys.open_survey", lambda s, r: Call(f"/schools/{s.world.school_a}/surveys", _open_form()), HEAD_A_ONLY),
    # Without the device cookie the answer page sets, an answer is refused with the reason (the same for all).
    post("surveys.answer", lambda s, r: Call(f"/s/{a_window(s)[1]}", {"q_know_rules": "3"}), (422,) * 10),
    # An admin's actions on a window (pages/surveys/manage.py): invite members to the staff link, close it early.
    post(
        "surveys.invite_staff_send",
        lambda s, r: Call(
            f"/schools/{s.world.school_a}/surveys/{a_window(s)[0]}/staff",
            {"members": [str(person(s.world.emails["school_staff_a"]).id)]},
        ),
        HEAD_A_ONLY,
    ),
    post(
        "surveys.close",
        lambda s, r: Call(f"/schools/{s.world.school_a}/surveys/{a_window(s)[0]}/close", {}),
        HEAD_A_ONLY,
    ),
]
