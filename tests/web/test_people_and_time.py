"""People and time (issue 24, part 4), through real HTTP: registration chooses no language for the school and lists
regions under their country (refusing a region of another country without JavaScript); a person's times are shown
in the zone of where they work unless they chose one, in their language's way of writing dates there; the results
chart has its benchmark line and an axis that starts at the scale's first level, named."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.geography.zones import zone_of_place
from accreditation.models import Membership, School, User
from tests.applications.web import signed_in
from tests.assessment.builders import HEAD_A, answer_all, framework_of, ready_for_answers
from tests.builders import csrf_token

GOOD = {
    "school_name": "Gimnaziul Nou",
    "national_id": "MD-3003",
    "country": "MD",
    "region": "MD-BA",
    "address": "5 Independence Street, Bălți",
    "language": "ro",
    "school_type": "secondary",
    "pupils": "350",
    "name": "Natalia Director",
    "email": "natalia@example.org",
    "password": "a long enough password",
    "password_again": "a long enough password",
}


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        counts = tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (School, User, Membership))
        db.session.remove()
        return counts


def _select(html: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)


def _chosen(options: str) -> list[str]:
    """The values of the selected options."""
    tags = re.findall(r"<option[^>]*>", options)
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in tags if re.search(r"\bselected\b", tag)]


# --- registration: no language chosen for the school ---------------------------------------------------------------


def test_the_language_of_teaching_starts_at_choose_and_no_language_is_chosen(client, world):
    html = client.get("/register").get_data(as_text=True)
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", _select(html, "language"))
    assert options[0][1] == "Choose…" and 'value=""' in options[0][0]
    assert [attributes for attributes, _ in options if "selected" in attributes] in ([], [options[0][0]])


def test_registering_without_a_language_of_teaching_is_refused_with_a_clear_message(app, client, world):
    before = _counts(app)
    page = client.get("/register")
    response = client.post(
        "/register", data={**GOOD, "language": "", "csrf_token": csrf_token(page.get_data(as_text=True))}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose the school’s language of teaching." in html
    assert 'id="language-error"' in html
    assert _counts(app) == before


# --- registration: regions by country, with and without JavaScript -------------------------------------------------


def test_regions_are_grouped_under_their_country_for_the_filter_script(client, world):
    html = client.get("/register").get_data(as_text=True)
    regions = _select(html, "region")
    groups = dict(re.findall(r'<optgroup label="[^"]*" data-country="([A-Z]{2})">(.*?)</optgroup>', regions, re.S))
    assert set(groups) == {"MD", "UA"}
    assert "MD-CU" in groups["MD"] and "MD-BA" in groups["MD"] and "UA-46" not in groups["MD"]
    assert "UA-46" in groups["UA"] and "MD-CU" not in groups["UA"]
    # The empty choice stands before the groups, in none of them.
    assert re.match(r'\s*<option value="" selected>Choose a region</option>\s*<optgroup', regions)
    assert 'data-filter-by="country"' in html and "region_filter.js" in html
    script = client.get("/static/region_filter.js")
    assert script.status_code == 200 and b"data-country" in script.data


def test_without_javascript_a_region_of_another_country_is_refused_and_the_choices_are_kept(app, client, world):
    before = _counts(app)
    page = client.get("/register")
    response = client.post(
        "/register", data={**GOOD, "region": "UA-46", "csrf_token": csrf_token(page.get_data(as_text=True))}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Lviv Oblast is not a region of Moldova: choose a region of Moldova." in html
    assert 'id="region-error"' in html and 'aria-invalid="true"' in html
    assert _chosen(_select(html, "country")) == ["MD"]
    assert _chosen(_select(html, "region")) == ["UA-46"]
    assert _counts(app) == before


# --- time zones and the way dates are written ----------------------------------------------------------------------


def _registered_at(app, school_id: int, moment: datetime) -> None:
    with app.app_context():
        db.session.get(School, school_id).created_at = moment
        db.session.commit()
        db.session.remove()


def _shown_registration(client, school_id: int) -> str:
    html = client.get(f"/coordinate/schools/{school_id}").get_data(as_text=True)
    return re.search(r"<dt>Registered</dt><dd>([^<]*)</dd>", html).group(1)


def test_times_are_in_the_zone_of_where_a_person_works_until_they_choose_one(app, world):
    _registered_at(app, world.school_a, datetime(2026, 1, 15, 10, 0, tzinfo=UTC))
    coordinator = signed_in(app, world.emails["coordinator_md"])  # coordinates Moldova, has chosen no zone
    # Chișinău's time (UTC+2 in winter), day before month and 24 hours: not "Jan 15, 2026, 10:00:00 AM UTC".
    assert _shown_registration(coordinator, world.school_a) == "15 Jan 2026, 12:00:00 EET"

    me = coordinator.get("/me").get_data(as_text=True)
    [automatic] = re.findall(r'<option selected value="">([^<]*)</option>', _select(me, "timezone"))
    assert "Europe/Chisinau" in automatic
    saved = coordinator.post("/me", data={"language": "", "timezone": "Asia/Tokyo", "csrf_token": csrf_token(me)})
    assert saved.status_code == 302
    assert _shown_registration(coordinator, world.school_a) == "15 Jan 2026, 19:00:00 JST"

    me = coordinator.get("/me").get_data(as_text=True)
    coordinator.post("/me", data={"language": "", "timezone": "", "csrf_token": csrf_token(me)})
    assert _shown_registration(coordinator, world.school_a) == "15 Jan 2026, 12:00:00 EET"


def test_a_school_person_has_their_school_zone_until_they_choose_one(app, world):
    with app.app_context():
        db.session.scalar(select(User).where(User.email == HEAD_A)).language = "ru"
        db.session.commit()
        db.session.remove()
    head = signed_in(app, HEAD_A)
    me = head.get("/me").get_data(as_text=True)
    [automatic] = re.findall(r'<option selected value="">([^<]*)</option>', _select(me, "timezone"))
    assert "Europe/Chisinau" in automatic


def test_a_region_with_its_own_zone_goes_by_it_and_the_others_by_their_capital():
    assert zone_of_place("RU", "RU-NVS") == "Asia/Novosibirsk"
    assert zone_of_place("RU", "RU-TUL") == "Europe/Moscow"
    assert zone_of_place("MD", "MD-CU") == "Europe/Chisinau"
    assert zone_of_place("UA") == "Europe/Kyiv"
    assert zone_of_place("ZZ") is None


# --- the results chart ---------------------------------------------------------------------------------------------


def test_the_results_chart_has_a_benchmark_line_per_area_and_a_named_scale_from_its_first_level(app, world):
    with app.app_context():
        application_id = ready_for_answers(world)
        answer_all(application_id, level=1)  # the lowest level everywhere: nothing to draw
        framework = framework_of()
        benchmarks = [sum(c.benchmark for c in a.criteria) / len(a.criteria) for a in framework.areas]
        lowest_name = framework.scale[framework.lowest].en
        db.session.scalar(select(User).where(User.email == HEAD_A)).language = "en"
        db.session.commit()
        db.session.remove()
    html = signed_in(app, HEAD_A).get(f"/applications/{application_id}/results").get_data(as_text=True)
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert chart.count('class="benchmark"') == len(framework.areas)
    for value in benchmarks:
        assert f"Benchmark {value:.1f}" in chart
    # The bars start at the scale's first level, which the key names: a school at that level has no bar to speak of.
    assert f"{framework.lowest} — {lowest_name}" in chart
    school_bars = re.findall(r'<rect [^>]*width="([\d.]+)"[^>]*stroke="#000"', chart)
    assert school_bars and set(school_bars) == {"2.0"}
    table = html[html.index('id="comparison-table"') :]
    assert '<th scope="col">Benchmark</th>' in table
