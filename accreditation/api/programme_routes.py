"""``/api/v1/programmes``: the programmes and their current frameworks (public)."""

from __future__ import annotations

from flask_babel import gettext as _

from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.representations import framework_json, programme_json
from accreditation.api.schemas import FrameworkSchema, ProgrammeSchema
from accreditation.applications.runtime import current_workflows
from accreditation.i18n import current_language

TAGS = ["programmes"]


@bp.route("/programmes", methods=["GET"], tags=TAGS)
@bp.response(200, ProgrammeSchema(many=True))
def list_programmes():
    """Every programme with its states, events (who fires them, what they need) and awards (public)."""
    programmes = current_workflows().programmes
    return [programme_json(programmes[code]) for code in sorted(programmes)]


@bp.route("/programmes/<string(maxlength=60):code>/framework", methods=["GET"], tags=TAGS)
@bp.response(200, FrameworkSchema)
@bp.errors(404)
def framework(code: str):
    """The programme's current framework: its areas and criteria, each with its levels and benchmark (public).

    Texts are in the language of the Accept-Language header when the framework has it, else in English."""
    workflows = current_workflows()
    programme = workflows.programmes.get(code)
    if programme is None:
        return error_response(404, _("There is no programme called %(code)s.", code=repr(code)), "unknown_programme")
    current = workflows.framework_of(programme)
    if current is None:
        return error_response(404, _("This programme has no framework."), "no_framework")
    return framework_json(programme, current, current_language())
