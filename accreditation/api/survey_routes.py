"""``/api/v1/survey-instruments`` and ``/api/v1/schools/{school_id}/surveys…``: the surveys through the operations
the pages call (``open_window``, ``close_window``, ``windows_of``, ``results_of``, ``invite_staff``), so the same
people may do the same things and see the same figures (nothing made up of fewer respondents than the threshold,
never a free-text answer)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.school_people_routes import ID, _administered, _school
from accreditation.api.survey_schemas import (
    InstrumentSchema,
    InstrumentsQuerySchema,
    StaffInvitationSchema,
    StaffInvitedSchema,
    SurveyResultsSchema,
    SurveyWindowSchema,
)
from accreditation.models import SurveyWindow
from accreditation.surveys.closing import close_window
from accreditation.surveys.errors import SurveyError
from accreditation.surveys.instruments import current_instruments
from accreditation.surveys.invitations import invite_staff
from accreditation.surveys.results import Results, results_of, threshold_for
from accreditation.surveys.windows import has_closed, is_open, open_window, window_of, windows_of
from workflows.surveys import Instrument

TAGS = ["surveys"]
WINDOW = "<int:window_id>"


def _instrument_json(instrument: Instrument) -> dict:
    return {
        "programme": instrument.programme,
        "version": instrument.version,
        "threshold": threshold_for(instrument.programme),
        "audiences": instrument.audiences,
        "scale": {str(value): dict(label.translations) for value, label in instrument.scale.items()},
        "free_text": dict(instrument.free_text.translations) if instrument.free_text else {},
        "questions": [
            {
                "code": q.code,
                "text": dict(q.text.translations),
                "audiences": list(q.audiences),
                "criteria": list(q.criteria),
            }
            for q in instrument.questions
        ],
    }


def _state(window: SurveyWindow) -> str:
    return "closed" if has_closed(window) else "open" if is_open(window) else "to_come"


def _window_json(window: SurveyWindow) -> dict:
    links = [
        {
            "audience": link.audience,
            "url": url_for("surveys.answer_page", token=link.token, _external=True),
            "poster_url": url_for(
                "surveys.poster",
                school_id=window.school_id,
                window_id=window.id,
                audience=link.audience,
                _external=True,
            ),
            "responses": link.responses,
        }
        for link in window.audiences
    ]
    return {
        "id": window.id,
        "programme": window.programme,
        "instrument_version": window.instrument_version,
        "opens_on": window.opens_on,
        "closes_on": window.closes_on,
        "audiences": [link.audience for link in window.audiences],
        "languages": window.language_list,
        "state": _state(window),
        "links": links,
    }


def _results_json(window_id: int, results: Results) -> dict:
    audiences = [
        {
            "audience": a.audience,
            "responses": a.responses or None,
            "criteria": [
                {"criterion": code, "mean": view.mean, "answers": view.answers} for code, view in a.criteria.items()
            ],
        }
        for a in results.audiences
    ]
    return {"window_id": window_id, "threshold": results.threshold, "audiences": audiences}


@bp.route("/survey-instruments", methods=["GET"], tags=TAGS)
@authenticated
@bp.arguments(InstrumentsQuerySchema, location="query")
@bp.response(200, InstrumentSchema(many=True))
@bp.errors(422)
def list_survey_instruments(query: dict):
    """The current survey instrument of each programme (or of ``programme``), its questions in every language."""
    instruments = current_instruments()
    codes = list(instruments)
    if query["programme"] is not None:
        if query["programme"] not in instruments:
            raise SurveyError(_("This programme has no survey."))
        codes = [query["programme"]]
    return [_instrument_json(instruments.latest(code)) for code in codes]


@bp.route(f"/schools/{ID}/surveys", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SurveyWindowSchema(many=True))
@bp.errors(403, 404)
def list_school_surveys(school_id: int):
    """The school's survey windows, the latest first, with a link and a poster per audience."""
    return [_window_json(window) for window in windows_of(_school(school_id))]


@bp.route(f"/schools/{ID}/surveys", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(SurveyWindowSchema)
@bp.response(201, SurveyWindowSchema)
@bp.errors(403, 404, 422)
def open_school_survey(data: dict, school_id: int):
    """Open a survey window (the school's admins): its dates, audiences and languages; a link per audience."""
    window = open_window(
        caller(),
        _administered(school_id, _("Only the school's administrators can open a survey.")),
        data["programme"],
        data["opens_on"],
        data["closes_on"],
        data["audiences"],
        data["languages"],
    )
    return _window_json(window)


@bp.route(f"/schools/{ID}/surveys/{WINDOW}/close", methods=["POST"], tags=TAGS)
@authenticated
@bp.response(200, SurveyWindowSchema)
@bp.errors(403, 404, 409, 422)
def close_school_survey(school_id: int, window_id: int):
    """Close the window now (the school's admins): no answer is taken any more, and the results are final."""
    return _window_json(
        close_window(
            caller(), _administered(school_id, _("Only the school's administrators can close a survey.")), window_id
        )
    )


@bp.route(f"/schools/{ID}/surveys/{WINDOW}/results", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SurveyResultsSchema)
@bp.errors(403, 404)
def get_school_survey_results(school_id: int, window_id: int):
    """The window's results per audience and criterion: an audience with fewer responses than the threshold, or a
    criterion with fewer answers, has null figures and no breakdown. Free-text answers are never given here."""
    window = window_of(_school(school_id), window_id)
    return _results_json(window.id, results_of([window]))


@bp.route(f"/schools/{ID}/surveys/{WINDOW}/staff-invitations", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(StaffInvitationSchema)
@bp.response(200, StaffInvitedSchema)
@bp.errors(403, 404, 422)
def invite_school_staff(data: dict, school_id: int, window_id: int):
    """E-mail the window's staff link to these members of the school (the school's admins), each in their
    language; someone invited before is not e-mailed again."""
    school = _administered(school_id, _("Only the school's administrators can invite staff to a survey."))
    return {"invited": len(invite_staff(caller(), school, window_id, data["user_ids"]))}
