"""The dashboard's figures against the pilot of tests/dashboard/builders.py, computed by hand.

Moldova, ciss (days ago each state was entered):
  m1 (MD-CU) applied 100, implementing 90, self_assessment 60, submitted 50, under_review 40, visit_scheduled 30,
     certified 10 (Foundation)
  m2 (MD-CU) applied 80, implementing 76, self_assessment 16, submitted 12            -> review overdue (7 days)
  m3 (MD-BA) applied 200, implementing 190                                             -> stalled (45 days)
  m4 (MD-BA) applied 5
  m5 (MD-CU) applied 300, declined 270 (final)
  m6 (MD-BA) applied 70, implementing 65, self_assessment 45, submitted 40, under_review 30 -> overdue (21 days)
Ukraine: u1 (UA-46) certified 5 days ago (Exemplary) after 10/10/10/5/5/15 days; u2 (UA-30) submitted 100 days
ago after applied 10, implementing 20, self_assessment 20 days (overdue and stalled).

Stays ended in Moldova (days): applied 10, 4, 10, 30, 5 -> median 10, p90 10 + 0.6 * 20 = 22;
implementing 30, 60, 20 -> median 30, p90 30 + 0.8 * 30 = 54; self_assessment 10, 4, 5 -> median 5, p90 5 + 0.8 * 5 = 9;
submitted 10, 10; under_review 10; visit_scheduled 20. Adding Ukraine (admins): applied 4,5,10,10,10,10,30 ->
median 10, p90 10 + 0.4 * 20 = 18; implementing 10,20,20,30,60 -> median 20, p90 30 + 0.6 * 30 = 48.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from tests.applications.web import signed_in
from tests.dashboard.builders import NOW
from tests.dashboard.pages import body, table

CISS = "/coordinate/dashboard?programme=ciss"


def _page(client, url: str = CISS) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_funnel_counts_the_applications_in_each_state_in_the_programmes_order(app, md):
    rows = table(_page(md), "funnel")
    definition = app.extensions["workflows"].programme("ciss").definition
    expected = [state.label + (" (final)" if state.is_final else "") for state in definition.states.values()]
    assert [row[0] for row in rows[1:-1]] == expected
    figures = body(_page(md), "funnel")
    assert figures["Application received"] == ["1", "—", "0"]
    assert figures["Putting the modules in place"] == ["1", "—", "1"]
    assert figures["Self-assessment in progress"] == ["0", "—", "0"]
    assert figures["Submitted, waiting for an assessor"] == ["1", "1", "0"]
    assert figures["Under review"] == ["1", "1", "0"]
    assert figures["Site visit scheduled"] == ["0", "0", "0"]
    assert figures["Certified"] == ["1", "—", "0"]
    assert figures["Not admitted to the pilot (final)"] == ["1", "—", "—"]
    assert figures["Total"] == ["6", "2", "1"]


def test_awards_by_level_count_awarded_and_still_valid(md, admin):
    assert body(_page(md), "levels") == {
        "Foundation": ["1", "1"],
        "Established": ["0", "0"],
        "Exemplary": ["0", "0"],
    }
    assert body(_page(admin), "levels")["Exemplary"] == ["1", "1"]


def test_days_in_state_are_the_median_and_90th_percentile_of_ended_stays(md):
    figures = body(_page(md), "durations")
    assert figures["Application received"] == ["5", "10", "22"]
    assert figures["Putting the modules in place"] == ["3", "30", "54"]
    assert figures["Self-assessment in progress"] == ["3", "5.0", "9.0"]
    assert figures["Submitted, waiting for an assessor"] == ["2", "10", "10"]
    assert figures["Under review"] == ["1", "10", "10"]
    assert figures["Changes requested"] == ["0", "—", "—"]
    assert figures["Site visit scheduled"] == ["1", "20", "20"]
    assert "Not admitted to the pilot" not in figures  # a final state is never left


def test_admins_see_every_country_in_the_figures(admin):
    page = _page(admin)
    assert body(page, "funnel")["Total"] == ["8", "3", "2"]
    durations = body(page, "durations")
    assert durations["Application received"] == ["7", "10", "18"]
    assert durations["Putting the modules in place"] == ["5", "20", "48"]


def test_months_count_applications_started_and_awards_given(md):
    started = Counter(f"{NOW - timedelta(days=days):%Y-%m}" for days in (100, 80, 200, 5, 300, 70))
    months = body(_page(md), "months")
    assert len(months) == 12
    for month, (started_count, awarded_count) in months.items():
        assert int(started_count) == started.get(month, 0), month
        assert int(awarded_count) == (1 if month == f"{NOW - timedelta(days=10):%Y-%m}" else 0), month


def test_each_programme_has_its_own_figures(md):
    figures = body(_page(md, "/coordinate/dashboard?programme=esafety-label"), "funnel")
    assert figures["Self-assessment in progress"] == ["1", "—", "0"]
    assert figures["Total"] == ["1", "0", "0"]


def test_country_region_and_date_filters_narrow_the_figures(md, admin):
    assert body(_page(md, CISS + "&region=MD-BA"), "funnel")["Total"] == ["3", "1", "1"]  # m3, m4, m6
    assert body(_page(admin, CISS + "&country=UA"), "funnel")["Total"] == ["2", "1", "1"]
    started = (NOW - timedelta(days=90)).date().isoformat()
    ended = (NOW - timedelta(days=10)).date().isoformat()
    # started from 90 to 10 days ago: m2 (80), m6 (70); not m4 (5 days ago, after the end), not m1 (100)
    figures = body(_page(md, CISS + f"&from={started}&to={ended}"), "funnel")
    assert figures["Total"] == ["2", "2", "0"]


def test_a_region_coordinator_sees_only_their_region(app, pilot):
    client = signed_in(app, pilot.world.emails["coordinator_ua"])  # coordinates UA-46 only
    assert body(_page(client), "funnel")["Total"] == ["1", "0", "0"]  # u1, not u2 in Kyiv
    assert body(_page(client, CISS + "&country=UA"), "funnel")["Total"] == ["1", "0", "0"]


def test_charts_label_every_bar_with_its_value_and_link_to_the_regions(md):
    page = _page(md)
    assert page.count('<svg class="chart"') == 5
    assert re.search(r">Putting the modules in</tspan><tspan [^>]*>place</tspan></text>", page)  # wrapped, whole
    assert 'href="/coordinate/dashboard/regions?programme=ciss&amp;state=implementing"' in page
    assert "median 30 d, 90% 54 d" in page


def test_coordinators_land_on_the_dashboard_and_find_it_in_the_menu(md):
    response = md.get("/")  # the to-do list of their area, which links to the dashboard
    assert response.status_code == 200
    assert 'href="/coordinate/dashboard"' in response.get_data(as_text=True)
    assert 'href="/coordinate/dashboard">Dashboard</a>' in _page(md)


def test_school_members_and_assessors_cannot_open_the_dashboard(app, pilot):
    for who in ("school_admin_a", "assessor"):
        client = signed_in(app, pilot.world.emails[who])
        for url in (CISS, "/coordinate/dashboard/regions", "/coordinate/dashboard/export/schools.csv"):
            assert client.get(url).status_code == 403, (who, url)
    assert app.test_client().get(CISS).status_code == 302  # to the sign-in page


def test_with_a_date_range_the_months_count_the_awards_given_in_it(md):
    start, end = (NOW - timedelta(days=15)).date(), NOW.date()
    page = _page(md, CISS + f"&from={start.isoformat()}&to={end.isoformat()}")
    assert body(page, "funnel")["Total"] == ["1", "0", "0"]  # m4 started in the range
    months = body(page, "months")
    assert sum(int(started) for started, _ in months.values()) == 1
    assert sum(int(awarded) for _, awarded in months.values()) == 1  # m1's award, though m1 started before
    assert body(page, "levels")["Foundation"] == ["0", "0"]  # ... which is not among the applications started
