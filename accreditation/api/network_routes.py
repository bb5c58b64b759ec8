"""``/api/v1/networks``: school networks (issue 31), the same operations as the pages. Coordinators (in their
scope) and admins create networks, add schools and name leads; a network lead reads its network and its schools'
progress, and nothing else."""

from __future__ import annotations

from dataclasses import asdict

from flask_babel import gettext as _
from sqlalchemy import func, select

from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.errors import error_response
from accreditation.api.network_schemas import (
    AddSchoolsResultSchema,
    AddSchoolsSchema,
    LeadSchema,
    MessageSchema,
    NetworkSchema,
    SchoolProgressSchema,
)
from accreditation.extensions import db
from accreditation.models import Network, NetworkSchool
from accreditation.networks import operations
from accreditation.networks.access import may_manage, network_for, visible_networks
from accreditation.networks.messages import send_message
from workflows.roles import ADMIN, COORDINATOR, NETWORK_LEAD

TAGS = ["networks"]
ID = "<int:network_id>"


def _json(network: Network) -> dict:
    count = db.session.scalar(select(func.count()).where(NetworkSchool.network_id == network.id))
    user = caller()
    manages = may_manage(user, network)
    role = (ADMIN if user.is_admin else COORDINATOR) if manages else NETWORK_LEAD
    return {
        "id": network.id,
        "name": network.name,
        "country": network.country_code,
        "schools": count,
        "may_manage": manages,
        "your_role": role,
    }


@bp.route("/networks", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, NetworkSchema(many=True))
def list_networks():
    """The networks the caller manages or leads."""
    return [_json(n) for n in db.session.scalars(visible_networks(caller()))]


@bp.route("/networks", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(NetworkSchema)
@bp.response(201, NetworkSchema)
@bp.errors(403, 422)
def create_network(data: dict):
    """A new, empty network in a country the caller coordinates (admins: any)."""
    return _json(operations.create_network(caller(), data["name"], data["country"].upper()))


@bp.route(f"/networks/{ID}", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, NetworkSchema)
@bp.errors(404)
def get_network(network_id: int):
    """One network (its coordinators, admins and leads)."""
    return _json(network_for(network_id, caller()))


@bp.route(f"/networks/{ID}/schools", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(AddSchoolsSchema)
@bp.response(200, AddSchoolsResultSchema)
@bp.errors(403, 404, 422)
def add_network_schools(data: dict, network_id: int):
    """Add schools by hand, by region, or from a CSV of national ids (``preview``: the report, nothing added)."""
    given = [key for key in ("school_ids", "region", "csv") if data.get(key) is not None]
    if len(given) != 1:
        return error_response(422, _("Send exactly one of school_ids, region or csv."), "invalid")
    user = caller()
    if given == ["csv"]:
        rows = operations.read_csv(user, network_id, data["csv"], apply=not data["preview"])
        added = 0 if data["preview"] else sum(1 for r in rows if r.problem is None)
        return {"added": added, "rows": [asdict(r) for r in rows]}
    if given == ["region"]:
        return {"added": operations.add_region(user, network_id, data["region"]), "rows": []}
    return {"added": operations.add_schools(user, network_id, data["school_ids"]), "rows": []}


@bp.route(f"/networks/{ID}/leads", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(LeadSchema)
@bp.response(201, LeadSchema)
@bp.errors(403, 404, 422)
def name_network_lead(data: dict, network_id: int):
    """Name a network lead by the e-mail address of their account."""
    lead = operations.name_lead(caller(), network_id, data["email"])
    return {"user_id": lead.user_id, "network_id": lead.network_id}


@bp.route(f"/networks/{ID}/progress", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SchoolProgressSchema(many=True))
@bp.errors(404)
def network_progress(network_id: int):
    """Each school of the network with its latest application: programme, state, award level."""
    return [
        {
            "school_id": p.school_id,
            "name": p.name,
            "region": p.region_code,
            "programme": p.programme,
            "state": p.state,
            "award_level": p.award_level,
        }
        for p in operations.progress(caller(), network_id)
    ]


@bp.route(f"/networks/{ID}/messages", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(MessageSchema)
@bp.response(201, MessageSchema)
@bp.errors(404, 422)
def send_network_message(data: dict, network_id: int):
    """E-mail the admins of the network's schools (its leads and coordinators): each once, in their language."""
    message, recipients = send_message(caller(), network_id, data["subject"], data["body"])
    return {"id": message.id, "recipients": recipients}
