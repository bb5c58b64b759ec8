"""The public page of certified schools by region is opt-in: a certified school is absent until its admin turns
the choice on (on the school's page), whatever its choice about the public list; it goes again when turned off."""

from __future__ import annotations

from accreditation.extensions import db
from accreditation.models import School
from tests.builders import csrf_token, sign_in, sign_out
from tests.certificates.builders import HEADS, certified
from tests.certificates.conftest import evidence  # noqa: F401  (fixture)


def _choose(client, school_id: int):
    page = client.get(f"/schools/{school_id}").get_data(as_text=True)
    form = page[page.index('id="regions-page-choice"') :]
    listed = "1" if 'value="1"' in form[: form.index("</form>")] else "0"
    return client.post(f"/schools/{school_id}/regions-page", data={"csrf_token": csrf_token(page), "listed": listed})


def test_a_school_appears_by_region_only_after_its_admin_opts_in(app, client, world, evidence):  # noqa: F811
    with app.app_context():
        certified(world, "ciss", "a")
        school = db.session.get(School, world.school_a)
        assert school.listed_publicly and not school.on_regions_page  # listed, but not opted in to the regions page
        db.session.remove()
    assert "Liceul Teoretic A" not in client.get("/certified/ciss/regions").get_data(as_text=True)

    sign_in(client, HEADS["a"])
    dashboard = client.get(f"/schools/{world.school_a}").get_data(as_text=True)
    assert "Show my school by region" in dashboard
    assert _choose(client, world.school_a).status_code == 302
    after = client.get(f"/schools/{world.school_a}").get_data(as_text=True)
    assert "Do not show my school by region" in after
    sign_out(client)
    assert "Liceul Teoretic A" in client.get("/certified/ciss/regions").get_data(as_text=True)

    sign_in(client, HEADS["a"])
    assert _choose(client, world.school_a).status_code == 302
    sign_out(client)
    assert "Liceul Teoretic A" not in client.get("/certified/ciss/regions").get_data(as_text=True)


def test_only_the_schools_admins_choose(app, client, world, evidence):  # noqa: F811
    sign_in(client, HEADS["b"])
    page = client.get(f"/schools/{world.school_b}").get_data(as_text=True)
    refused = client.post(
        f"/schools/{world.school_a}/regions-page", data={"csrf_token": csrf_token(page), "listed": "1"}
    )
    assert refused.status_code in (403, 404)
    with app.app_context():
        assert not db.session.get(School, world.school_a).on_regions_page
    no_token = client.post(f"/schools/{world.school_b}/regions-page", data={"listed": "1"})
    assert no_token.status_code == 400
