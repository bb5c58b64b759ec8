"""The regional index equals a hand count on a fixture (``index_fixture``), hides every figure from fewer schools
than the threshold in every filter combination, and is the same on the dashboard and in the API."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

import pytest

from accreditation.accounts.users import create_user
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.models import School
from accreditation.regional_index.figures import Median, RegionalIndex, regional_index
from tests.api.builders import make_token
from tests.builders import PASSWORD, sign_in
from tests.ministry.index_fixture import build_country
from workflows.roles import COORDINATOR

REGIONS = ["MD-BA", "MD-CU", "MD-SO"]
_AT = datetime(2025, 3, 1, tzinfo=UTC)
COORDINATOR_EMAIL = "coord.md@ministry.example"


@pytest.fixture
def country(app) -> None:
    with app.app_context():
        build_country()


def _index(app, year: int = 2025, regions: list[str] = REGIONS) -> RegionalIndex:
    return regional_index(current_workflows().programmes["ciss"], "MD", year, regions)


def test_the_index_equals_the_hand_count(app, country):
    with app.app_context():
        index = _index(app)
        by_code = {r.code: r for r in index.regions}
        cu, ba, so = by_code["MD-CU"], by_code["MD-BA"], by_code["MD-SO"]
        # Registry: 12 + 4 + 8 = 24 schools; Bălți's 4 is under the threshold of 5.
        assert (index.threshold, index.registry, cu.registry, ba.registry, so.registry) == (5, 24, 12, None, 8)
        # Started by the end of 2025: 7 + 3 + 6 = 16. Bălți's 3 is hidden, and with it the next smallest (Soroca's
        # 6), which could be worked out from the total.
        assert (index.engaged, cu.engaged, ba.engaged, so.engaged) == (16, 7, None, None)
        # Certified at the end of 2025: Chișinău's 5 (the revoked sixth does not count); none elsewhere.
        assert (index.certified, cu.certified, ba.certified, so.certified) == (5, 5, 0, 0)
        assert cu.engagement == pytest.approx(7 / 12) and cu.certification == pytest.approx(5 / 12)
        # Claimed: the latest round of six schools. c1: 1 2 2 3 3 4 -> 2.5; c2: 0 1 1 1 2 4 -> 1.
        assert cu.claimed["c1"] == Median(2.5, 6) and cu.claimed["c2"] == Median(1.0, 6)
        # Reviewed: five decided reviews. c1: 2 (different), 2, 2 (agreed), 1, 1 (different) -> 2; c2 insufficient.
        assert cu.reviewed["c1"] == Median(2.0, 5) and cu.reviewed["c2"] == Median(None, 0)
        # Bălți's one self-assessment is hidden; the country's c1 medians count all seven.
        assert ba.claimed["c1"] == Median(None, None, hidden=True)
        assert index.claimed["c1"] == Median(2.0, 7)  # 0 1 2 2 3 3 4
        # Ranking: only Chișinău's share is shown; a year before, 5 of 12 had started.
        assert (cu.rank, cu.previous_rank, ba.rank, so.rank) == (1, 1, None, None)
        assert cu.change == pytest.approx(2 / 12)
        assert [c.code for c in index.weakest][:2] == ["c2", "c1"]  # c2 has only a claimed median, of 1


def _counts(index: RegionalIndex):
    yield from (index.registry, index.engaged, index.certified)
    for medians in (index.claimed, index.reviewed):
        yield from (m.population for m in medians.values())
    for r in index.regions:
        yield from (r.registry, r.engaged, r.certified)
        for medians in (r.claimed, r.reviewed):
            yield from (m.population for m in medians.values())


@pytest.mark.parametrize("year", [2024, 2025])
def test_no_figure_under_the_threshold_in_any_filter_combination(app, country, year):
    with app.app_context():
        for size in range(1, len(REGIONS) + 1):
            for regions in itertools.combinations(REGIONS, size):
                index = _index(app, year, list(regions))
                small = [n for n in _counts(index) if n is not None and 0 < n < index.threshold]
                assert small == [], (year, regions, small)
                for r in index.regions:  # a hidden count hides its share too
                    assert r.engaged is not None or r.engagement is None


def test_the_dashboard_and_the_api_show_the_index(app, client, country):
    with app.app_context():
        create_user(COORDINATOR_EMAIL, "Maria Coordinator", COORDINATOR, PASSWORD, countries=["MD"], language="en")
        db.session.commit()
        token, _ = make_token(COORDINATOR_EMAIL)
        db.session.commit()
    sign_in(client, COORDINATOR_EMAIL)
    page = client.get("/coordinate/dashboard?programme=ciss&country=MD&year=2025")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="index-ranking"' in html and 'id="index-heat"' in html
    row = re.search(r'<tr data-region="MD-CU">(.*?)</tr>', html, re.S).group(1)
    assert ">12<" in row and "7 <small>" in row and "5 <small>" in row and "+16.7 points" in row
    assert "hidden" in re.search(r'<tr data-region="MD-BA">(.*?)</tr>', html, re.S).group(1)
    heat = html[html.index('id="index-heat"') :]
    assert re.search(r'data-criterion="c1">2.5 <small>\(n=6\)</small> / 2.0 <small>\(n=5\)</small>', heat)
    refused = client.get("/coordinate/dashboard?programme=ciss&country=MD&year=1066").get_data(as_text=True)
    assert 'id="regional-index-problem"' in refused
    client.get("/sign-out")
    answer = client.get(
        "/api/v1/stats/regional-index?programme=ciss&country=MD&year=2025",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.get_json()
    document = answer.get_json()
    assert (document["registry"], document["engaged"], document["certified"]) == (24, 16, 5)
    cu = next(r for r in document["regions"] if r["region"] == "MD-CU")
    assert (cu["engaged"], cu["rank"]) == (7, 1)
    assert {"criterion": "c1", "median": 2.5, "population": 6, "hidden": False} in cu["claimed"]
    bad = client.get(
        "/api/v1/stats/regional-index?programme=ciss&country=MD&year=soon",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert bad.status_code == 422


def test_the_counts_are_kept_while_fresh_and_refreshed_on_demand(app, country):
    with app.app_context():
        assert _index(app).registry == 24
        db.session.add(  # a school registered after the counts were kept
            School(
                name="New", national_id="NEW-1", country_code="MD", region_code="MD-CU", language="ro", created_at=_AT
            )
        )
        db.session.commit()
        assert _index(app).registry == 24  # kept for REGIONAL_INDEX_MAX_AGE_MINUTES
    result = app.test_cli_runner().invoke(args=["regional-index", "refresh", "--year", "2025"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _index(app).registry == 25
    assert app.test_cli_runner().invoke(args=["regional-index", "refresh", "--year", "1999"]).exit_code != 0
