"""The yearly health check between the award and the renewal: computed from the calendar and the register, with the
criteria whose level the school says dropped; good standing makes the renewal a desk review (CISS says so), shown
to the school and to the coordinator."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from accreditation.extensions import db
from accreditation.models import Application
from tests.between_awards.builders import HEAD_A, post_form, text_of
from tests.builders import csrf_token, sign_in, sign_out
from tests.review.builders import under_review


def _awarded(app, world) -> int:
    """School A's CISS application with a real self-assessment, awarded a month ago."""
    with app.app_context():
        application_id = under_review(world, "ciss")
        db.session.get(Application, application_id).awarded_at = datetime.now(UTC) - timedelta(days=30)
        db.session.commit()
    return application_id


def _train_every_teacher(client, school_id: int) -> None:
    base = f"/schools/{school_id}/training"
    assert post_form(client, base, f"{base}/staff", {"teacher": "1"}).status_code == 302
    day = (date.today() - timedelta(days=5)).isoformat()
    form = {"person": "", "person_name": "Ana", "staff_role": "teacher", "course": "online-safety-basics",
            "course_text": "", "completed_on": day, "provider": ""}  # fmt: skip
    assert post_form(client, f"{base}/new", f"{base}/new", form).status_code == 302


def _route(html: str) -> str:
    return html.split('id="renewal-route" data-route="', 1)[1].split('"', 1)[0]


def test_a_school_in_good_standing_renews_with_a_desk_review(app, client, world):
    _awarded(app, world)
    sign_in(client, HEAD_A)
    page = f"/schools/{world.school_a}/health-check"
    html = client.get(page).get_data(as_text=True)
    assert _route(html) == "full_review"
    assert 'name="dropped" value="staff_training"' in html  # each criterion of the award can be marked as dropped
    _train_every_teacher(client, world.school_a)
    html = client.get(page).get_data(as_text=True)
    answer = client.post(page, data={"csrf_token": csrf_token(html), "note": "All fine."})
    assert answer.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "the school is in good standing" in text_of(html)
    assert _route(html) == "desk_review"
    assert "This year’s health check is done." in text_of(html)
    again = client.post(page, data={"csrf_token": csrf_token(html)})
    assert "This year's health check is done already." in text_of(client.get(again.headers["Location"]).get_data(True))
    sign_out(client)
    sign_in(client, "coord.md@example.org")
    overview = client.get("/coordinate/health-checks").get_data(as_text=True)
    assert f'<tr data-school="{world.school_a}">' in overview
    assert 'data-route="desk_review"' in overview and "in good standing" in text_of(overview)


def test_a_dropped_criterion_or_unmet_training_keeps_the_full_review(app, client, world):
    _awarded(app, world)
    sign_in(client, HEAD_A)
    page = f"/schools/{world.school_a}/health-check"
    html = client.get(page).get_data(as_text=True)
    client.post(page, data={"csrf_token": csrf_token(html), "dropped": ["filtering"]})
    html = client.get(page).get_data(as_text=True)
    assert "Some points need work before the renewal." in text_of(html)
    assert _route(html) == "full_review"
    sign_out(client)
    sign_in(client, "coord.ua@example.org")  # another country's coordinator does not see the school
    assert f'<tr data-school="{world.school_a}">' not in client.get("/coordinate/health-checks").get_data(True)


def test_before_the_award_the_page_says_when_the_check_starts(app, client, world):
    sign_in(client, HEAD_A)
    html = client.get(f"/schools/{world.school_a}/health-check").get_data(as_text=True)
    assert 'id="no-award"' in html
