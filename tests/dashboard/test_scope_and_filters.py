"""A coordinator of Moldova sees no Ukrainian school in any figure, list or export; bad filters get a reason."""

from __future__ import annotations

import pytest

from tests.applications.builders import start
from tests.applications.web import signed_in
from tests.dashboard.pages import body

UKRAINIAN = ("Lviv School B", "Kyiv School U2", "UA-2001", "UA-2002", "UA-46", "UA-30", "Lviv", "Kyiv")
PAGES = (
    "/coordinate/dashboard?programme=ciss",
    "/coordinate/dashboard?programme=esafety-label",
    "/coordinate/dashboard/regions?programme=ciss",
    "/coordinate/dashboard/regions?programme=ciss&state=submitted",
    "/coordinate/dashboard/regions?programme=ciss&overdue=1",
    "/coordinate/dashboard/regions?programme=ciss&stalled=1",
    "/coordinate/dashboard/regions?programme=ciss&level=exemplary",
    "/coordinate/dashboard/regions?programme=ciss&left=submitted",
    "/coordinate/dashboard/schools?programme=ciss",
    "/coordinate/dashboard/schools?programme=ciss&state=certified",
    "/coordinate/dashboard/schools?programme=ciss&left=applied",
    "/coordinate/dashboard/export/schools.csv?programme=ciss",
    "/coordinate/dashboard/export/schools.csv?programme=ciss&level=exemplary",
    "/coordinate/dashboard/export/regions.csv?programme=ciss",
)


def test_a_coordinator_of_moldova_sees_no_ukrainian_school_anywhere(md):
    for url in PAGES:
        response = md.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        for trace in UKRAINIAN:
            assert trace not in text, (url, trace)
    # the Ukrainian schools' figures are not counted either (one certified school each side)
    assert body(md.get(PAGES[0]).get_data(as_text=True), "levels")["Exemplary"] == ["0", "0"]


def test_the_filter_choices_are_the_coordinators_own_regions(md):
    page = md.get(PAGES[0]).get_data(as_text=True)
    assert '<option value="MD-CU"' in page and '<option value="MD-BA"' in page
    assert '<option value="UA' not in page and '<option value="UA-46"' not in page


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("region=UA-46", 403, "Lviv Oblast is outside the regions you coordinate."),
        ("country=UA", 403, "Ukraine is outside the countries and regions you coordinate."),
        ("region=MD-CU&country=UA", 403, "Ukraine is outside"),
        ("region=XX-99", 400, "There is no region with the code XX-99."),
        ("country=ZZ", 400, "There is no country with the code ZZ."),
        ("programme=nope", 400, "There is no programme called nope."),
        ("from=2024-13-01", 400, "2024-13-01 is not a date; give dates as YYYY-MM-DD."),
        ("from=yesterday", 400, "yesterday is not a date"),
        ("from=2025-05-01&to=2025-04-01", 400, "The start date (2025-05-01) is after the end date (2025-04-01)."),
    ],
)
def test_bad_filters_get_a_reason_and_no_figures(md, query, status, message):
    for path in ("/coordinate/dashboard", "/coordinate/dashboard/regions", "/coordinate/dashboard/schools"):
        response = md.get(f"{path}?{query}")
        assert response.status_code == status, (path, query)
        page = response.get_data(as_text=True)
        assert message in page
        assert 'id="funnel"' not in page and 'id="regions"' not in page and 'id="schools"' not in page
    for export in ("/coordinate/dashboard/export/schools.csv", "/coordinate/dashboard/export/regions.csv"):
        response = md.get(f"{export}?{query}")
        assert response.status_code == status
        assert response.mimetype == "text/html"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("state=nowhere", "Certified Safe Internet School has no state called nowhere."),
        ("level=platinum", "Certified Safe Internet School has no level called platinum."),
        ("started=2024-1", "2024-1 is not a month; give months as YYYY-MM."),
        ("state=applied&level=foundation", "Choose one figure to look into, not several."),
    ],
)
def test_bad_drill_downs_get_a_reason(md, query, message):
    response = md.get(f"/coordinate/dashboard/regions?programme=ciss&{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_an_admin_may_filter_on_any_country(admin):
    response = admin.get("/coordinate/dashboard?programme=ciss&region=UA-30")
    assert response.status_code == 200
    assert body(response.get_data(as_text=True), "funnel")["Total"] == ["1", "1", "1"]


def test_without_a_programme_the_dashboard_opens_on_one_with_applications_in_scope(app, world):
    """A pilot that runs only the eSafety Label opens on its figures, not on another programme's zeros."""
    md = signed_in(app, world.emails["coordinator_md"])
    ua = signed_in(app, world.emails["coordinator_ua"])

    def heading(client) -> str:
        page = client.get("/coordinate/dashboard")
        assert page.status_code == 200
        return page.get_data(as_text=True).split("<h1>")[1].split("</h1>")[0]

    assert heading(md) == "Pilot progress: Certified Safe Internet School"  # no application anywhere: the first
    with app.app_context():
        start(world, "esafety-label", "a")  # school A is in Moldova
    assert heading(md) == "Pilot progress: eSafety Label"
    assert heading(ua) == "Pilot progress: Certified Safe Internet School"  # none in Lviv Oblast
    with app.app_context():
        start(world, "ciss", "a")
    assert heading(md) == "Pilot progress: Certified Safe Internet School"  # both: the first
