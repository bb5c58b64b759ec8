"""The public list of certified schools is ordered the way the reader's language sorts the names it shows (country,
region, school), not by SQL's order of the English names stored in the database."""

from __future__ import annotations

import re

from sqlalchemy import update

from accreditation.extensions import db
from accreditation.models import Region, School
from tests.certificates.builders import certified


def _rows(client, language: str) -> list[list[str]]:
    page = client.get("/certified/ciss", headers={"Accept-Language": language}).get_data(as_text=True)
    body = page[page.index('id="certified"') : page.index("</table>")]
    return [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]]


def test_the_certified_list_follows_the_readers_alphabet(app, client, world, evidence):
    with app.app_context():
        certified(world, "ciss", "a")
        certified(world, "ciss", "b")
        # School A moves to Zakarpattia: after Lviv in English, before it in Ukrainian (З before Л).
        db.session.add(Region(code="UA-21", country_code="UA", name="Zakarpattia Oblast"))
        db.session.flush()
        db.session.execute(
            update(School)
            .where(School.id == world.school_a)
            .values(country_code="UA", region_code="UA-21", name="Іршавська школа")
        )
        db.session.commit()

    english = _rows(client, "en")
    assert [row[1] for row in english] == ["Lviv Oblast", "Zakarpattia Oblast"]
    ukrainian = _rows(client, "uk")
    assert [row[1] for row in ukrainian] == ["Закарпатська область", "Львівська область"]
    assert [row[2] for row in ukrainian] == ["Україна", "Україна"]

    # Within one region, the school's names by the alphabet too (code point order puts І before А).
    with app.app_context():
        db.session.execute(update(School).where(School.id == world.school_b).values(region_code="UA-21"))
        db.session.execute(update(School).where(School.id == world.school_b).values(name="Англійська гімназія"))
        db.session.commit()
    assert [row[0] for row in _rows(client, "uk")] == ["Англійська гімназія", "Іршавська школа"]
