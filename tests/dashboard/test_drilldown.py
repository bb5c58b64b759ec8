"""Every figure opens its regions, a region its schools, a school its application page."""

from __future__ import annotations

import re

from tests.dashboard.pages import body, table


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_a_state_opens_its_regions_then_the_schools_then_the_timeline(md, pilot):
    regions = _get(md, "/coordinate/dashboard/regions?programme=ciss&state=submitted")
    assert body(regions, "regions") == {"MD": ["Chișinău MD-CU", "1"], "": ["All these regions", "1"]}
    link = re.search(r'href="(/coordinate/dashboard/schools\?[^"]*region=MD-CU[^"]*)"', regions).group(1)
    schools = _get(md, link.replace("&amp;", "&"))
    rows = table(schools, "schools")[1:]
    assert [row[0] for row in rows] == ["Școala M2 MD-1002"]
    assert rows[0][2] == "Submitted, waiting for an assessor"
    assert f'href="/applications/{pilot.ids["m2"]}"' in schools
    timeline = _get(md, f"/applications/{pilot.ids['m2']}")
    assert "Școala M2" in timeline


def test_overdue_and_stalled_open_their_regions(md):
    overdue = table(_get(md, "/coordinate/dashboard/regions?programme=ciss&overdue=1"), "regions")[1:]
    assert overdue == [["MD", "Bălți MD-BA", "1"], ["MD", "Chișinău MD-CU", "1"], ["", "All these regions", "2"]]
    stalled = _get(md, "/coordinate/dashboard/schools?programme=ciss&stalled=1")
    assert [row[0] for row in table(stalled, "schools")[1:]] == ["Gimnaziul M3 MD-1003"]


def test_time_in_a_state_opens_its_regions_with_their_own_percentiles(md):
    rows = table(_get(md, "/coordinate/dashboard/regions?programme=ciss&left=applied"), "regions")[1:]
    by_region = {row[1]: row[2:] for row in rows}
    assert by_region["Bălți MD-BA"] == ["2", "7.5", "9.5"]  # m3 10, m6 5 days
    assert by_region["Chișinău MD-CU"] == ["3", "10", "26"]  # m1 10, m2 4, m5 30 days
    schools = table(_get(md, "/coordinate/dashboard/schools?programme=ciss&left=applied&region=MD-CU"), "schools")
    days_in_applied = {row[0]: row[4] for row in schools[1:]}
    assert days_in_applied == {
        "Liceul Teoretic A MD-1001": "10",
        "Școala M2 MD-1002": "4.0",
        "Școala M5 MD-1005": "30",
    }


def test_levels_and_months_open_their_regions(md):
    level = body(_get(md, "/coordinate/dashboard/regions?programme=ciss&level=foundation"), "regions")
    assert level["MD"] == ["Chișinău MD-CU", "1"]
    page = _get(md, "/coordinate/dashboard?programme=ciss")
    month_link = re.search(r'href="(/coordinate/dashboard/regions\?programme=ciss&amp;awarded=[0-9-]+)"', page)
    awarded = body(_get(md, month_link.group(1).replace("&amp;", "&")), "regions")
    assert awarded["MD"] == ["Chișinău MD-CU", "1"]


def test_headings_say_what_was_chosen_and_all_applications_once(md):
    def heading(url: str) -> str:
        return " ".join(_get(md, url).split("<h1>")[1].split("</h1>")[0].split())

    assert heading("/coordinate/dashboard/regions?programme=ciss") == (
        "Certified Safe Internet School: all applications, by region"
    )
    assert heading("/coordinate/dashboard/schools?programme=ciss") == "Certified Safe Internet School: all applications"
    assert heading("/coordinate/dashboard/schools?programme=ciss&stalled=1").startswith(
        "Certified Safe Internet School: applications stalled: no state change for"
    )
    assert heading("/coordinate/dashboard/regions?programme=ciss&state=submitted") == (
        "Certified Safe Internet School: applications in the state “Submitted, waiting for an assessor”, by region"
    )


def test_a_drilldown_with_nothing_in_it_says_so_and_offers_no_empty_csv(md):
    for url in ("/coordinate/dashboard/schools", "/coordinate/dashboard/regions"):
        empty = _get(md, f"{url}?programme=ciss&state=revoked")  # no certificate of the pilot was revoked
        assert "No application matches." in empty
        assert "<table" not in empty and "export/schools.csv" not in empty
        full = _get(md, f"{url}?programme=ciss")
        assert "No application matches." not in full
        assert "<table" in full and "export/schools.csv?programme=ciss" in full
