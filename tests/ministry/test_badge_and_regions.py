"""The embeddable badge (an SVG per level and language, and the snippet a school pastes, linking to its verify
page) and the public page of certified schools by region (only schools that chose to be listed)."""

from __future__ import annotations

import re

from accreditation.certificates.codes import code_for
from accreditation.extensions import db
from accreditation.models import School
from tests.builders import sign_in
from tests.certificates.builders import HEADS, certified


def test_the_badge_is_an_svg_per_level_and_language(client, app):
    ukrainian = client.get("/badges/ciss/established/uk.svg")
    assert ukrainian.status_code == 200 and ukrainian.mimetype == "image/svg+xml"
    svg = ukrainian.get_data(as_text=True)
    assert svg.startswith("<svg") and 'lang="uk"' in svg and "Сталий" in svg
    assert "<script" not in svg and "href" not in svg  # nothing to run, nothing fetched
    romanian = client.get("/badges/ciss/established/ro.svg").get_data(as_text=True)
    assert romanian != svg and 'lang="ro"' in romanian
    assert client.get("/badges/ciss/exemplary/en.svg").get_data(as_text=True) != client.get(
        "/badges/ciss/established/en.svg"
    ).get_data(as_text=True)
    for path in ("/badges/ciss/nonsense/en.svg", "/badges/ciss/established/xx.svg", "/badges/nope/established/en.svg"):
        assert client.get(path).status_code == 404


def test_the_school_gets_a_snippet_that_links_its_badge_to_its_verify_page(app, client, world, evidence):
    with app.app_context():
        certificate = certified(world, "ciss", "a")
        certificate_id, code = certificate.id, code_for(certificate.verification_id)
    sign_in(client, HEADS["a"])
    page = client.get(f"/certificates/{certificate_id}/badge?language=uk").get_data(as_text=True)
    snippet = re.search(r'<textarea id="badge-snippet"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert f"&lt;a href=&#34;http://localhost/verify/{code}&#34;" in snippet
    assert "http://localhost/badges/ciss/established/uk.svg" in snippet
    dashboard = client.get(f"/schools/{world.school_a}").get_data(as_text=True)
    assert f"/certificates/{certificate_id}/badge" in dashboard


def test_certified_schools_by_region_lists_only_those_that_chose_to_be_listed(app, client, world, evidence):
    empty = client.get("/certified/ciss/regions").get_data(as_text=True)
    assert 'id="no-certified"' in empty
    with app.app_context():
        certified(world, "ciss", "a")
        certified(world, "ciss", "b")
        db.session.get(School, world.school_a).on_regions_page = True  # A opted in; B did not (the default)
        region_a = db.session.get(School, world.school_a).region_code
        db.session.commit()
    page = client.get("/certified/ciss/regions").get_data(as_text=True)
    assert "Liceul Teoretic A" in page
    assert "Liceul Teoretic B" not in page and "School B" not in page
    assert re.search(rf'data-region="{region_a}" data-count="1"', page)
    assert client.get("/certified/nope/regions").status_code == 404
