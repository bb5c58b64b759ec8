"""Transparent scoring and the benchmark picture: the school sees why its level is what it is, and its averages
beside anonymous ones that never name another school (and appear only when enough schools make them up)."""

from __future__ import annotations

import re

from accreditation.assessment.scoring import scorecard
from accreditation.extensions import db
from tests.applications.builders import fire_as
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, answer_all, framework_of, ready_for_answers, upload_required
from tests.builders import add_school


def test_scorecard_says_which_criteria_hold_the_level_back_and_how_many_more_are_needed(app):
    with app.app_context():
        from accreditation.applications import current_workflows

        framework = framework_of()
        awards = current_workflows().programme("esafety-label").awards
        criteria = framework.criteria
        levels = {c.code: c.benchmark for c in criteria[: len(criteria) // 2]}
        levels[criteria[-1].code] = criteria[-1].benchmark - 1
        card = scorecard(framework, levels, awards)
        assert card.at_benchmark == len(criteria) // 2
        assert card.share_at_benchmark == len(criteria) // 2 / len(criteria)
        earned = [lv for lv in awards.levels if card.share_at_benchmark >= lv.min_share_at_benchmark]
        assert card.level == (earned[-1] if earned else None)
        import math

        assert (
            card.needed_for_next
            == math.ceil(card.next_level.min_share_at_benchmark * len(criteria) - 1e-9) - card.at_benchmark
        )
        # Closest to the benchmark first: the one just below comes before the unanswered ones.
        assert card.holding_back[0].criterion.code == criteria[-1].code
        assert all(not s.at_benchmark for s in card.holding_back)


def _submitted_school(world, name: str, national_id: str, region: str, level: int) -> None:
    """Another school of the same programme, submitted with every criterion at ``level``."""
    from accreditation.accounts.users import create_user

    school = add_school(name, national_id, "MD", region)
    email = f"head.{national_id.lower()}@example.org"
    create_user(email, f"Head {name}", "school-admin", "correct horse battery", school_id=school.id)
    db.session.commit()
    from accreditation.applications import commit_and_relay, start_application
    from tests.applications.builders import person

    application = start_application(school, "esafety-label", person(email))
    commit_and_relay()
    fire_as(application.id, "start_self_assessment", email)
    answer_all(application.id, email, level=level)
    upload_required(application.id, email)
    fire_as(application.id, "submit", email)


def test_results_page_compares_with_anonymous_averages_and_never_names_other_schools(app, world):
    with app.app_context():
        application_id = ready_for_answers(world)
        answer_all(application_id, level=2)
        # Three other Moldovan schools in the same region submitted: enough for a region average.
        for index, level in enumerate((3, 4, 5)):
            _submitted_school(world, f"Hidden School {index}", f"MD-90{index}", "MD-CU", level)
        # One in another region: the country has four, that region alone too few to show.
        _submitted_school(world, "Lonely School", "MD-999", "MD-BA", 1)
        framework = framework_of()
    client = signed_in(app, HEAD_A)
    html = client.get(f"/applications/{application_id}/results").get_data(as_text=True)
    assert "<svg" in html and "Average level per area" in html
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert "style=" not in chart  # the pages' Content-Security-Policy blocks inline styles (and the console says so)
    assert "Hidden School" not in html and "Lonely School" not in html
    # Region: (3 + 4 + 5) / 3 = 4.0; country: (3 + 4 + 5 + 1) / 4 = 3.25; the school: 2.0.
    assert "4.0" in html and "3.2" in html and "2.0" in html
    first_area = framework.areas[0].title.en
    assert first_area in html


def test_averages_are_hidden_when_too_few_schools_make_them_up(app, world):
    with app.app_context():
        application_id = ready_for_answers(world)
        answer_all(application_id, level=2)
        _submitted_school(world, "Only Other", "MD-901", "MD-CU", 5)
    html = signed_in(app, HEAD_A).get(f"/applications/{application_id}/results").get_data(as_text=True)
    assert "not enough data" in html
    shown = re.sub(r"<[^>]*>", " ", html)  # the text a person reads (the chart's coordinates are no figures)
    assert "5.0" not in shown


def test_only_the_school_sees_its_results_page(app, world):
    with app.app_context():
        application_id = ready_for_answers(world)
    assert signed_in(app, "head.b@example.org").get(f"/applications/{application_id}/results").status_code == 403
