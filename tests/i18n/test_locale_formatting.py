"""Places, sorting and numbers in the reader's language: country and region names from the ISO 3166 translations
pycountry ships, lists in the language's alphabetical order, decimals with the language's sign, the welcome in the
language of who signs in, and Romanian and Belarusian served (in English while their catalogue is missing)."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import update

from accreditation.collation import sorted_by
from accreditation.dashboard.charts import Bar, horizontal_bars
from accreditation.extensions import db
from accreditation.geography.names import country_name, region_name
from accreditation.i18n import language_names, local_number
from accreditation.models import User
from accreditation.pdf.fonts import missing_letters
from tests.builders import sign_in


def _set_language(app, email: str, language: str) -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.email == email).values(language=language))
        db.session.commit()


def test_ukrainian_sorts_by_its_alphabet_not_by_code_point():
    names = ["Іспанська", "Італійська", "Англійська", "Їдиш", "Ґаельська", "Грецька", "Японська"]
    assert sorted(names)[0] == "Іспанська"  # what code point order did
    assert sorted_by(names, "uk") == [
        "Англійська",
        "Грецька",
        "Ґаельська",
        "Іспанська",
        "Італійська",
        "Їдиш",
        "Японська",
    ]


def test_romanian_and_belarusian_letters_of_their_own():
    places = ["Ștefan Vodă", "Soroca", "Taraclia", "Telenești", "Țânțăreni", "Străşeni", "Anenii Noi", "Ălău"]
    assert sorted_by(places, "ro") == [
        "Anenii Noi",
        "Ălău",
        "Soroca",
        "Străşeni",
        "Ștefan Vodă",
        "Taraclia",
        "Telenești",
        "Țânțăreni",
    ]
    assert sorted_by(["Ўсход", "Узел", "Фота", "Ёлка", "Ежа"], "be") == ["Ежа", "Ёлка", "Узел", "Ўсход", "Фота"]
    assert sorted_by(["b", "Ä", "a"], "en") == ["a", "Ä", "b"]  # an accent is no letter of its own in English


@pytest.mark.parametrize(
    ("language", "country", "region"),
    [
        ("uk", "Молдова", "Львівська область"),
        ("ru", "Молдавия", "Львовская область"),
        ("ro", "Moldova", "Liov"),  # the short name, translated as itself (not "Moldova, Republica")
        ("en", "Moldova", "Lviv Oblast"),
    ],
)
def test_places_are_named_from_the_iso_translations(ctx, language, country, region):
    assert country_name("MD", language) == country
    assert region_name("UA-46", language) == region


def test_a_place_without_a_translation_keeps_its_english_name(ctx):
    assert region_name("MD-CU", "ro") == "Chișinău"
    assert country_name("XX", "ru", fallback="Nowhere") == "Nowhere"


def test_numbers_have_the_languages_decimal_sign(app):
    with app.test_request_context():
        for language, expected in [("en", "2.8"), ("ru", "2,8"), ("uk", "2,8"), ("ro", "2,8"), ("be", "2,8")]:
            with force_locale(language):
                assert local_number(2.83, 1) == expected
        with force_locale("ro"):
            assert local_number(2.5, 2) == "2,50" and local_number(12345.5) == "12.345,5"


def test_the_language_picker_is_in_the_readers_alphabetical_order(app, client, world):
    html = client.get("/sign-in", headers={"Accept-Language": "uk"}).get_data(as_text=True)
    picker = re.findall(r'<option value="(\w+)" lang="\w+"', html)
    assert picker == ["en", "ro", "be", "ru", "uk"]  # English, Română, then Беларуская, Русский, Українська
    with app.test_request_context(headers={"Accept-Language": "uk"}):
        assert list(language_names()) == picker


def test_the_languages_of_teaching_are_sorted_in_ukrainian(client, world):
    html = client.get("/register", headers={"Accept-Language": "uk"}).get_data(as_text=True)
    languages = re.search(r'<select[^>]*name="language".*?</select>', html, re.S).group(0)
    names = re.findall(r"<option [^>]*>([^<]+)</option>", languages)
    assert names.index("Англійська") < names.index("Іспанська") < names.index("Італійська")


def test_the_registration_form_names_places_in_the_readers_language(client, world):
    html = client.get("/register", headers={"Accept-Language": "uk"}).get_data(as_text=True)
    assert "Молдова" in html and "Львівська область (UA-46)" in html
    assert "Lviv Oblast" not in html


def test_the_coordinators_dashboard_names_regions_in_their_language(app, client, world):
    _set_language(app, "coord.ua@example.org", "uk")
    sign_in(client, "coord.ua@example.org")
    html = client.get("/coordinate/dashboard?programme=ciss").get_data(as_text=True)
    assert "Львівська область" in html and "Lviv Oblast" not in html


def test_the_welcome_is_in_the_language_of_who_signs_in(app, client, world):
    _set_language(app, "head.b@example.org", "uk")
    response = sign_in(client, "head.b@example.org")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ласкаво просимо, Head B." in html and "Welcome" not in html


@pytest.mark.parametrize("language", ["ro", "be"])
def test_romanian_and_belarusian_are_served(client, world, language):
    response = client.get("/sign-in", headers={"Accept-Language": language})
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.get_data(as_text=True)


def test_the_pdf_fonts_have_the_letters_of_every_language():
    assert missing_letters() == {}  # ș ț ă î â (Romanian), ґ є і ї (Ukrainian), ў ё (Belarusian)
    assert missing_letters("ș一") == {
        name: "一" for name in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSerif", "DejaVuSerif-Bold")
    }


def test_chart_labels_wrap_instead_of_widening_the_chart_or_being_clipped():
    svg = horizontal_bars(
        [Bar("Предложен золотой уровень, ожидается модерация", 3, "3"), Bar("Серебряный", 1, "1")], ""
    )
    assert int(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1)) <= 520
    spans = re.findall(r'<tspan x="([\d.]+)"[^>]*>([^<]+)</tspan>', svg)
    assert [text for _, text in spans] == ["Предложен золотой", "уровень, ожидается", "модерация", "Серебряный"]
    for x, text in spans:  # room before the bar for the line at Cyrillic widths (about 8 px a letter at 13 px)
        assert float(x) >= len(text) * 8, text
