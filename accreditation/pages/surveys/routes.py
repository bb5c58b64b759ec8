"""A school's survey pages: its windows and the form that opens one, a window's links, posters and results."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.access import can_administer_school, get_school
from accreditation.applications.runtime import current_workflows
from accreditation.extensions import db
from accreditation.i18n import language_names, local, local_day
from accreditation.models import School
from accreditation.pages.surveys import (  # noqa: F401  (public pages, includes, an admin's actions)
    answer,
    coordination,
    manage,
    views,
)
from accreditation.pages.surveys.blueprint import bp
from accreditation.pages.surveys.forms import OpenWindowForm
from accreditation.pdf.survey_poster import PosterPage, render_poster
from accreditation.surveys.errors import SurveyError
from accreditation.surveys.instruments import AUDIENCE_TITLES, current_instruments, instrument_of
from accreditation.surveys.results import comments_of, results_of
from accreditation.surveys.windows import default_window_dates, has_closed, is_open, open_window, window_of, windows_of


def _programme_name(code: str) -> str:
    programme = current_workflows().programmes.get(code)
    return local(programme.definition.name) if programme is not None else code


def _form(school: School) -> OpenWindowForm:
    form = OpenWindowForm()
    form.programme.choices = [(code, _programme_name(code)) for code in current_instruments()]
    form.audiences.choices = [(code, str(title)) for code, title in AUDIENCE_TITLES.items()]
    form.languages.choices = list(language_names().items())
    if not form.is_submitted():
        form.opens_on.data, form.closes_on.data = default_window_dates()
        form.languages.data = [school.language] if school.language in dict(form.languages.choices) else ["en"]
        form.audiences.data = ["pupils_12_14"]
    return form


def _index(school: School, form: OpenWindowForm, status: int = 200):
    return (
        render_template(
            "surveys/index.html",
            school=school,
            windows=windows_of(school),
            form=form,
            may_open=can_administer_school(current_user, school),
            is_open=is_open,
            has_closed=has_closed,
            programme_name=_programme_name,
        ),
        status,
    )


@bp.route("/schools/<int:school_id>/surveys")
@login_required
def index(school_id: int):
    school = get_school(school_id, current_user)
    return _index(school, _form(school))


@bp.route("/schools/<int:school_id>/surveys", methods=["POST"])
@login_required
def open_survey(school_id: int):
    school = get_school(school_id, current_user, manage=True)
    form = _form(school)
    if not form.validate_on_submit():
        return _index(school, form, 422)
    try:
        with db.session.begin_nested():
            window = open_window(
                current_user,
                school,
                form.programme.data,
                form.opens_on.data,
                form.closes_on.data,
                form.audiences.data,
                form.languages.data,
            )
    except SurveyError as error:
        form.closes_on.errors = [*form.closes_on.errors, error.message]
        return _index(school, form, 422)
    flash(_("The survey is ready: share its links or print its posters."), "success")
    return redirect(url_for("surveys.window", school_id=school.id, window_id=window.id))


@bp.route("/schools/<int:school_id>/surveys/<int:window_id>")
@login_required
def window(school_id: int, window_id: int):
    school = get_school(school_id, current_user)
    found = _window(school, window_id)
    closed = has_closed(found)
    member = current_user.membership_of(school.id) is not None
    comments = []
    if closed and member:
        comments = comments_of(found)
    return render_template(
        "surveys/window.html",
        school=school,
        window=found,
        instrument=instrument_of(found.programme, found.instrument_version),
        results=results_of([found]),
        closed=closed,
        open_now=is_open(found),
        comments=comments,
        member=member,
        may_manage=can_administer_school(current_user, school),
        titles=AUDIENCE_TITLES,
        programme_name=_programme_name(found.programme),
    )


def _window(school: School, window_id: int):
    try:
        return window_of(school, window_id)
    except SurveyError:
        abort(404)


@bp.route("/schools/<int:school_id>/surveys/<int:window_id>/poster/<audience>.pdf")
@login_required
def poster(school_id: int, window_id: int, audience: str):
    school = get_school(school_id, current_user)
    found = _window(school, window_id)
    link = next((a for a in found.audiences if a.audience == audience), None)
    if link is None:
        abort(404)
    language = request.args.get("lang", "")
    language = language if language in found.language_list else found.language_list[0]
    with force_locale(language):
        url = url_for("surveys.answer_page", token=link.token, _external=True)
        page = PosterPage(
            heading=_("Tell your school what you think about safety online"),
            audience=str(AUDIENCE_TITLES[audience]),
            school_name=school.name,
            invitation=_("Scan the code or type the address. It takes a few minutes: no name, no account."),
            url=url,
            dates_line=_(
                "Open from %(start)s to %(end)s", start=local_day(found.opens_on), end=local_day(found.closes_on)
            ),
            privacy_line=_(
                "Your answers are anonymous. The school sees only totals, and only once enough people have answered."
            ),
            title=_("Survey poster"),
        )
    response = Response(render_poster(page), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="survey-{found.id}-{audience}.pdf"'
    return response
