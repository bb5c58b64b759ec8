"""``GET /api/v1/stats/progress``: applications counted per programme, region and state within the caller's scope,
through the coordinators' dashboard's filters and queries."""

from __future__ import annotations

from tests.applications.builders import fire_as, start
from tests.builders import add_school


def _counts(response) -> set[tuple[str, str, str, int]]:
    assert response.status_code == 200, response.get_json()
    return {(row["programme"], row["region"], row["state"], row["count"]) for row in response.get_json()["counts"]}


def test_coordinators_and_admins_count_applications_per_region_and_state_in_their_scope(app, api, scene):
    with app.app_context():
        start(scene.world, "ciss", school="b")
    everything = api.get("/stats/progress", "admin")
    assert _counts(everything) == {
        ("ciss", "MD-CU", "visit_scheduled", 1),
        ("esafety-label", "MD-CU", "self_assessment", 1),
        ("ciss", "UA-46", "applied", 1),
    }
    assert everything.get_json()["total"] == 3
    row = next(row for row in everything.get_json()["counts"] if row["region"] == "UA-46")
    assert (row["country"], row["region_name"], row["state_label"]) == ("UA", "Lviv Oblast", "Application received")
    assert _counts(api.get("/stats/progress", "coordinator_out")) == {("ciss", "UA-46", "applied", 1)}
    assert _counts(api.get("/stats/progress?programme=ciss&country=MD", "coordinator_in")) == {
        ("ciss", "MD-CU", "visit_scheduled", 1)
    }
    assert _counts(api.get("/stats/progress?region=MD-BA", "admin")) == set()


def test_the_counts_follow_the_applications(app, api, scene):
    with app.app_context():
        school = add_school("Second Moldovan School", "MD-4004", "MD", "MD-CU")
        from accreditation.accounts.users import create_user
        from accreditation.extensions import db
        from tests.builders import PASSWORD

        create_user("head.c@example.org", "Head C", "school-admin", PASSWORD, school_id=school.id)
        db.session.commit()
        from accreditation.applications import commit_and_relay, start_application
        from tests.applications.builders import person

        started = start_application(school, "esafety-label", person("head.c@example.org"))
        commit_and_relay()
        fire_as(started.id, "start_self_assessment", "head.c@example.org")
    assert ("esafety-label", "MD-CU", "self_assessment", 2) in _counts(api.get("/stats/progress", "coordinator_in"))


def test_a_country_outside_the_scope_is_403_and_bad_filters_422(api, scene):
    outside = api.get("/stats/progress?country=MD", "coordinator_out")
    assert outside.status_code == 403
    assert api.get("/stats/progress?programme=nope", "admin").status_code == 422
    assert api.get("/stats/progress?country=ZZ", "admin").status_code == 422
    assert api.get("/stats/progress?country=Moldova", "admin").status_code == 422
    assert api.get("/stats/progress?month=2026-01", "admin").status_code == 422


def test_only_coordinators_and_admins_see_the_figures(api, scene):
    for role in ("school_admin_a", "school_staff_a", "assessor_assigned"):
        assert api.get("/stats/progress", role).status_code == 403
