"""Coordinators' aggregates: engagement and the community's view per criterion by region and audience, where no
figure, and no difference between two filter combinations, comes from fewer people than the threshold."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from accreditation.extensions import db
from accreditation.models import SurveyAudience, SurveyCount, SurveyWindow
from tests.builders import add_school, sign_in

THRESHOLD = 10


def closed_window(school_id: int, groups: dict[str, tuple[int, int]], days_ago: int = 20) -> None:
    """A closed ciss window whose audiences had ``n`` respondents each answering ``value`` to every question."""
    closed = datetime.now(UTC).date() - timedelta(days=days_ago)
    window = SurveyWindow(
        school_id=school_id,
        programme="ciss",
        instrument_version=1,
        opens_on=closed - timedelta(days=10),
        closes_on=closed,
        languages="en",
    )
    db.session.add(window)
    db.session.flush()
    questions = {
        "pupils": ["know_rules", "learn_safety", "know_who_to_tell", "pupils_asked"],
        "parents": ["parents_informed", "parents_advised", "parents_can_report"],
    }
    for audience, (n, value) in groups.items():
        db.session.add(
            SurveyAudience(window_id=window.id, audience=audience, token=f"t{window.id}{audience}"[:32], responses=n)
        )
        for question in questions["parents" if audience == "parents" else "pupils"]:
            db.session.add(
                SurveyCount(window_id=window.id, audience=audience, question=question, answers=n, total=n * value)
            )
    db.session.flush()


def rows(client, **filters) -> list[dict[str, str]]:
    response = client.get("/coordinate/dashboard/export/surveys.csv", query_string={"programme": "ciss", **filters})
    assert response.status_code == 200, response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_no_filter_combination_reveals_a_group_below_the_threshold(app, client, world):
    with app.app_context():
        other = add_school("Liceul B", "MD-1002", "MD", "MD-BA").id
        closed_window(world.school_a, {"pupils_9_11": (12, 4), "pupils_12_14": (7, 1), "parents": (15, 3)})
        closed_window(other, {"pupils_9_11": (9, 1), "parents": (10, 2)})  # 9 pupils: nothing of them anywhere
        db.session.commit()
    sign_in(client, world.emails["coordinator_md"])
    combinations = [{}, {"country": "MD"}, {"region": "MD-CU"}, {"region": "MD-BA"}]
    for filters in combinations:
        for row in rows(client, **filters):
            if row["responses"]:
                assert int(row["responses"]) == 0 or int(row["responses"]) >= THRESHOLD, (filters, row)
    country = {(r["criterion"], r["audience"]): r for r in rows(client, country="MD")}
    # The 7 pupils aged 12-14 and the 9 of the other school count nowhere: all pupils = the 12 aged 9-11.
    assert country[("acceptable_use", "pupils")]["mean"] == "4.0"
    assert country[("acceptable_use", "pupils_9_11")]["mean"] == "4.0"
    assert ("acceptable_use", "pupils_12_14") not in country
    assert country[("", "pupils_9_11")]["responses"] == "12" and country[("", "pupils_12_14")]["responses"] == "0"
    # The country less one region is the other region, whole: parents 15 at 3 and 10 at 2.
    assert country[("parent_partnership", "parents")]["mean"] == str(round((15 * 3 + 10 * 2) / 25, 2))
    region_ba = {(r["criterion"], r["audience"]): r for r in rows(client, region="MD-BA")}
    assert region_ba[("parent_partnership", "parents")]["mean"] == "2.0"
    assert ("acceptable_use", "pupils_9_11") not in region_ba
    # A wider view less a narrower one inside it is made of whole groups (never 1 to 9 people).
    whole, country, cu, ba = combinations
    nested = [(whole, country), (whole, cu), (whole, ba), (country, cu), (country, ba)]
    assert nested
    for wide, narrow in nested:
        a, b = ({(r["criterion"], r["audience"]): r for r in rows(client, **f)} for f in (wide, narrow))
        for key in set(a) & set(b):
            if a[key]["responses"] and b[key]["responses"]:
                gap = int(a[key]["responses"]) - int(b[key]["responses"])
                assert gap == 0 or gap >= THRESHOLD, (wide, narrow, key)


def test_the_dashboard_shows_the_section_and_a_window_of_nine_shows_nothing(app, client, world):
    with app.app_context():
        closed_window(world.school_a, {"pupils_15_18": (9, 2)})
        db.session.commit()
    sign_in(client, world.emails["coordinator_md"])
    page = client.get("/coordinate/dashboard", query_string={"programme": "ciss"}).get_data(as_text=True)
    assert 'id="surveys"' in page and "1</span> school ran a survey" in page
    assert 'id="surveys-criteria-table"' not in page  # nine answers: no mean at all
    page_ua = app.test_client()
    sign_in(page_ua, world.emails["coordinator_ua"])
    assert rows(page_ua) == []  # the Moldovan school is outside their scope: nothing of it
    assert (
        page_ua.get(
            "/coordinate/dashboard/export/surveys.csv", query_string={"programme": "ciss", "region": "MD-CU"}
        ).status_code
        == 403
    )
