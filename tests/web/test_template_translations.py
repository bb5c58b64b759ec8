"""Templates translate through the request's catalogue (accreditation.i18n.page_catalogue), looked up once per
request and locale: a page in the visitor's language, and a text rendered under ``force_locale`` (an e-mail to
someone else during a request) in that other language, before and after."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, refresh


def test_a_page_is_in_the_language_the_visitor_asks_for(client):
    page = client.get("/", headers={"Accept-Language": "uk"}).get_data(as_text=True)
    assert "Перейти до змісту" in page  # base.html's "Skip to content"
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Skip to content" in english


def test_force_locale_inside_a_request_translates_in_that_language_and_back(app):
    template = "{{ _('Skip to content') }}"
    with app.test_request_context("/", headers={"Accept-Language": "uk"}):
        assert render_template_string(template) == "Перейти до змісту"
        with force_locale("ru"):
            assert render_template_string(template) == "Перейти к содержанию"
        assert render_template_string(template) == "Перейти до змісту"
        with force_locale("en"):
            assert render_template_string(template) == "Skip to content"


def test_a_refreshed_locale_is_followed(app):
    template = "{{ _('Skip to content') }}"
    with app.test_request_context("/", headers={"Accept-Language": "uk"}):
        from flask import session

        assert render_template_string(template) == "Перейти до змісту"
        session["language"] = "ru"  # the visitor chose another language during the request
        refresh()
        assert render_template_string(template) == "Перейти к содержанию"
