"""The exports parse back: the schools' applications with their state, level, dates and region, and counts per
region and state with no school named."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from accreditation.dashboard.exports import AGGREGATE_COLUMNS, SCHOOL_COLUMNS
from tests.dashboard.builders import NOW


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    return list(reader)


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_the_schools_export_has_every_application_in_scope_with_state_level_dates_and_region(md, pilot):
    response = md.get("/coordinate/dashboard/export/schools.csv?programme=ciss")
    rows = _rows(response)
    assert tuple(rows[0]) == SCHOOL_COLUMNS
    by_school = {row["national_id"]: row for row in rows}
    assert sorted(by_school) == ["MD-1001", "MD-1002", "MD-1003", "MD-1004", "MD-1005", "MD-1006"]
    certified = by_school["MD-1001"]
    assert certified["school"] == "Liceul Teoretic A"
    assert (certified["country"], certified["region"], certified["region_name"]) == ("MD", "MD-CU", "Chișinău")
    assert (certified["state"], certified["state_label"], certified["award_level"]) == (
        "certified",
        "Certified",
        "foundation",
    )
    assert abs(_moment(certified["started_at"]) - (NOW - timedelta(days=100))) < timedelta(seconds=1)
    assert abs(_moment(certified["awarded_at"]) - (NOW - timedelta(days=10))) < timedelta(seconds=1)
    assert _moment(certified["expires_at"]) > NOW + timedelta(days=700)
    assert int(certified["application_id"]) == pilot.ids["m1"]
    waiting = by_school["MD-1004"]
    assert (waiting["state"], waiting["award_level"], waiting["awarded_at"]) == ("applied", "", "")


def test_the_schools_export_follows_the_drill_down(md):
    rows = _rows(md.get("/coordinate/dashboard/export/schools.csv?programme=ciss&region=MD-BA&state=implementing"))
    assert [row["national_id"] for row in rows] == ["MD-1003"]


def test_the_aggregate_counts_applications_per_region_and_state_without_naming_a_school(md, admin):
    response = md.get("/coordinate/dashboard/export/regions.csv?programme=ciss")
    text = response.get_data(as_text=True)
    rows = _rows(response)
    assert tuple(rows[0]) == AGGREGATE_COLUMNS
    counts = {(row["region"], row["state"]): int(row["applications"]) for row in rows}
    assert counts == {
        ("MD-BA", "applied"): 1,
        ("MD-BA", "implementing"): 1,
        ("MD-BA", "under_review"): 1,
        ("MD-CU", "submitted"): 1,
        ("MD-CU", "certified"): 1,
        ("MD-CU", "declined"): 1,
    }
    for name in ("Liceul", "Școala", "Gimnaziul", "MD-100"):
        assert name not in text
    everything = {(row["region"], row["state"]) for row in _rows(admin.get("/coordinate/dashboard/export/regions.csv"))}
    assert ("UA-46", "certified") in everything and ("UA-30", "submitted") in everything


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(app, md, pilot):
    from accreditation.extensions import db
    from accreditation.models import School

    with app.app_context():
        db.session.get(School, pilot.ids["school_m4"]).name = '=HYPERLINK("http://evil")'
        db.session.commit()
    rows = _rows(md.get("/coordinate/dashboard/export/schools.csv?programme=ciss&state=applied"))
    assert rows[0]["school"] == '\'=HYPERLINK("http://evil")'
