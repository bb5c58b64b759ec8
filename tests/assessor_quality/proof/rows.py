"""The assessor-quality rows of the permission matrix (tests/proof/routes.py extends its tables with these): each
role's status on the quality pages and forms, in the proof scene. What a row needs (an exercise, a held decision)
is made here, fresh for each role's write."""

from __future__ import annotations

from tests.applications.builders import SECOND_ASSESSOR, person
from tests.assessor_quality.proof.scene_objects import exercise, new_assessor, sample, shown_sample
from tests.proof.routes import SIGN_IN, Call, Route, get, post

#                 anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
QUALITY = (SIGN_IN, 403, 403, 403, 200, 200, 200, 200, 200, 403)
STEERING = (SIGN_IN, 403, 403, 403, 403, 403, 200, 200, 200, 403)


QUALITY_READS = [
    get("assessor_quality.overview", lambda s: "/quality", QUALITY),
    get("assessor_quality.new_exercise", lambda s: "/quality/calibration/new", STEERING),
    get(
        "assessor_quality.exercise",
        lambda s: f"/quality/calibration/{exercise(s)}",
        (SIGN_IN, 404, 404, 404, 200, 404, 200, 404, 200, 404),  # the invited, the coordinator who runs it, admins
    ),
    get(
        "assessor_quality.sample",
        lambda s: f"/quality/moderation/{shown_sample(s)}",
        (SIGN_IN, 404, 404, 404, 200, 200, 200, 404, 200, 404),  # who decided, who re-reads, the school's coordinators
    ),
    get(
        "assessor_quality.feedback_form",
        lambda s: f"/applications/{s.ciss}/assessor-feedback",
        (SIGN_IN, 404, 404, 403, 404, 403, 404, 403, 404, 403),  # no decision yet: nothing to answer on
    ),
]

QUALITY_WRITES = [
    post(
        "assessor_quality.new_exercise",
        lambda s, r: Call("/quality/calibration/new", {"title": "Spring", "assessors": []}),
        (SIGN_IN, 403, 403, 403, 403, 403, 422, 422, 422, 403),  # no decided submission in the scene: refused form
    ),
    post(
        "assessor_quality.judgments",
        lambda s, r: Call(f"/quality/calibration/{exercise(s)}/judgments", {}),
        (SIGN_IN, 404, 404, 404, 422, 404, 403, 404, 403, 404),  # the invited assessor, told what is missing
    ),
    post(
        "assessor_quality.reading",
        lambda s, r: Call(f"/quality/moderation/{sample(s)}/reading", {"verdict": "disagree", "note": r}),
        (SIGN_IN, 404, 404, 404, 403, 302, 403, 404, 403, 404),  # only the second assessor reads it
    ),
    post(
        "assessor_quality.settlement",
        lambda s, r: Call(
            f"/quality/moderation/{sample(s, 'disagreed')}/settlement", {"outcome": "overturn", "note": r}
        ),
        (SIGN_IN, 403, 403, 403, 403, 403, 302, 404, 302, 403),
    ),
    post(
        "assessor_quality.choose_moderator",
        lambda s, r: Call(
            f"/quality/moderation/{sample(s, moderator=False)}/moderator",
            {"assessor": person(SECOND_ASSESSOR).id},
        ),
        (SIGN_IN, 403, 403, 403, 403, 403, 302, 404, 302, 403),
    ),
    post(
        "assessor_quality.accredit",
        lambda s, r: Call(f"/quality/people/{new_assessor(r)}/accreditation", {"programme": "ciss", "note": r}),
        (SIGN_IN, 403, 403, 403, 403, 403, 302, 403, 302, 403),  # a coordinator of a country the assessor assesses in
    ),
    post(
        "assessor_quality.give_feedback",
        lambda s, r: Call(f"/applications/{s.ciss}/assessor-feedback", {"clarity": "4"}),
        (SIGN_IN, 409, 409, 403, 403, 403, 403, 403, 403, 403),  # no decision yet
    ),
]

__all__ = ["QUALITY_READS", "QUALITY_WRITES", "Route"]
