"""The public answer pages (/s/<token>): no account, no script needed, in the respondent's language; the device
keeps a random cookie so it answers each window once. Nothing about the request (address, browser) is stored."""

from __future__ import annotations

import secrets

from flask import current_app, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale

from accreditation.models import SurveyAudience
from accreditation.pages.surveys.blueprint import bp
from accreditation.surveys.answering import check_open, has_answered, instrument_for, submit
from accreditation.surveys.errors import SurveyError, SurveyNotFound
from accreditation.surveys.instruments import AUDIENCE_TITLES
from accreditation.surveys.windows import audience_by_token, cached_answer_target

DEVICE_COOKIE = "survey_device"
COOKIE_DAYS = 400


def _language(offered: list[str]) -> str:
    chosen = request.values.get("lang", "")
    if chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered) or offered[0]


def _page(audience: SurveyAudience, language: str, status: int = 200, problem: str = "", given=None, done=False):
    cookie = request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(24)
    with force_locale(language):
        instrument = instrument_for(audience.window)
        body = render_template(
            "surveys/answer.html",
            audience=audience,
            window=audience.window,
            school=audience.window.school,
            instrument=instrument,
            questions=instrument.questions_for(audience.audience),
            title=AUDIENCE_TITLES[audience.audience],
            language=language,
            problem=problem,
            given=given or {},
            done=done,
        )
    response = make_response(body, status)
    response.set_cookie(
        DEVICE_COOKIE,
        cookie,
        max_age=COOKIE_DAYS * 86400,
        path="/s/",
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _closed_page(language: str, message: str, status: int):
    with force_locale(language):
        body = render_template("surveys/unavailable.html", message=message)
    return make_response(body, status)


@bp.route("/s/<token>")
def answer_page(token: str):
    try:
        audience = audience_by_token(token)
    except SurveyNotFound as error:
        return _closed_page(
            request.accept_languages.best_match(["en", "ru", "uk", "ro", "be"]) or "en", error.message, 404
        )
    language = _language(audience.window.language_list)
    try:
        check_open(audience.window)
    except SurveyError as error:
        return _closed_page(language, error.message, error.status or 410)
    return _page(audience, language, done=has_answered(audience.window_id, request.cookies.get(DEVICE_COOKIE, "")))


@bp.route("/s/<token>", methods=["POST"])
def answer(token: str):
    try:
        target = cached_answer_target(token)
    except SurveyNotFound as error:
        return _closed_page("en", error.message, 404)
    language = _language(target.language_list)
    given: dict[str, int] = {}
    for key, value in request.form.items():
        if key.startswith("q_") and value:
            try:
                given[key[2:]] = int(value)
            except ValueError:
                given[key[2:]] = -1
    try:
        # No savepoint: submit writes nothing before it refuses (its one write statement inserts nothing then).
        with force_locale(language):
            submit(
                target,
                request.cookies.get(DEVICE_COOKIE, ""),
                given,
                request.remote_addr,
                class_code=request.form.get("class_code", ""),
                comment=request.form.get("comment", ""),
            )
    except SurveyError as error:
        return _refused(token, language, error, given)
    response = redirect(url_for("surveys.answer_page", token=token, lang=language), 303)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _refused(token: str, language: str, error: SurveyError, given: dict[str, int]):
    """The page saying why an answer was refused, with what was given (the link's page, read in full now)."""
    if error.status == 410:
        return _closed_page(language, error.message, 410)
    audience = audience_by_token(token)
    return _page(audience, language, error.status or 422, error.message, given, done=error.status == 409)
