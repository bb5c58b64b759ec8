"""The coordinators' incident counts by region and category: no cell (nor total) under 5 is ever shown, whatever
the filters, and a row never gives a hidden cell away by subtraction from its total."""

from __future__ import annotations

import itertools
import re
from datetime import date

from accreditation.extensions import db
from accreditation.models import Incident
from tests.builders import add_school, sign_in, sign_out

THIS_YEAR = date.today().year
CATEGORIES = ["cyberbullying", "sexual-content", "grooming", "harmful-content", "data-breach", "device-misuse"]
# (region, category, year, how many): small and large numbers in every region, both years, most categories.
LOG = [
    ("MD-CU", "cyberbullying", THIS_YEAR, 7),
    ("MD-CU", "cyberbullying", THIS_YEAR - 1, 2),
    ("MD-CU", "grooming", THIS_YEAR, 1),
    ("MD-CU", "harmful-content", THIS_YEAR, 5),
    ("MD-CU", "data-breach", THIS_YEAR - 1, 3),
    ("MD-BA", "cyberbullying", THIS_YEAR, 4),
    ("MD-BA", "device-misuse", THIS_YEAR, 9),
    ("MD-BA", "sexual-content", THIS_YEAR - 1, 6),
    ("UA-46", "cyberbullying", THIS_YEAR, 12),
    ("UA-46", "grooming", THIS_YEAR - 1, 2),
    ("UA-30", "data-breach", THIS_YEAR, 1),
]


def _log(app, world) -> None:
    with app.app_context():
        schools = {
            "MD-CU": world.school_a,
            "UA-46": world.school_b,
            "MD-BA": add_school("Liceul din Bălți", "MD-1002", "MD", "MD-BA").id,
            "UA-30": add_school("Kyiv School", "UA-2002", "UA", "UA-30", language="uk").id,
        }
        for region, category, year, count in LOG:
            for day in range(count):
                db.session.add(
                    Incident(
                        school_id=schools[region],
                        category=category,
                        occurred_on=date(year, 1, day + 1),
                        involved="pupil",
                    )
                )
        db.session.commit()


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r'<tr data-region="[^"]+">(.*?)</tr>', html, re.S)
    return [re.findall(r'data-cell="([^"]+)"', row) for row in rows]


def test_no_cell_under_5_in_any_filter_combination(app, client, world):
    _log(app, world)
    sign_in(client, "admin@example.org")
    seen_hidden = seen_shown = 0
    for country, year, category in itertools.product(
        ["", "MD", "UA"], ["", str(THIS_YEAR), str(THIS_YEAR - 1)], ["", *CATEGORIES]
    ):
        answer = client.get(f"/coordinate/incidents?country={country}&year={year}&category={category}")
        assert answer.status_code == 200
        for row in _cells(answer.get_data(as_text=True)):
            for cell in row:
                assert cell == "suppressed" or int(cell) == 0 or int(cell) >= 5, (country, year, category, row)
            cells, total = row[:-1], row[-1]
            if total != "suppressed":
                assert cells.count("suppressed") != 1, (country, year, category, row)
            seen_hidden += row.count("suppressed")
            seen_shown += sum(1 for cell in row if cell not in ("suppressed", "0"))
    assert seen_hidden and seen_shown  # the figures are there, and small ones were hidden


def test_the_figures_shown_are_the_counts(app, client, world):
    _log(app, world)
    sign_in(client, "admin@example.org")
    html = client.get(f"/coordinate/incidents?year={THIS_YEAR}&category=cyberbullying").get_data(as_text=True)
    rows = dict(re.findall(r'<tr data-region="([^"]+)">(.*?)</tr>', html, re.S))
    assert re.findall(r'data-cell="([^"]+)"', rows["MD-CU"]) == ["7", "7"]
    assert re.findall(r'data-cell="([^"]+)"', rows["MD-BA"]) == ["suppressed", "suppressed"]
    assert re.findall(r'data-cell="([^"]+)"', rows["UA-46"]) == ["12", "12"]
    assert "fewer than 5" in html


def test_a_coordinator_sees_the_regions_of_their_scope_only_and_schools_are_refused(app, client, world):
    _log(app, world)
    sign_in(client, "coord.ua@example.org")  # Lviv Oblast only
    html = client.get("/coordinate/incidents").get_data(as_text=True)
    assert re.findall(r'<tr data-region="([^"]+)">', html) == ["UA-46"]
    sign_out(client)
    sign_in(client, "head.a@example.org")
    assert client.get("/coordinate/incidents").status_code == 403
