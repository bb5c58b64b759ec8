"""The networks' rows of the permission matrix (tests/proof/routes.py extends its tables with these): a network of
Moldova with school A, made by the admin; its coordinators (Moldova's) and admins manage it, nobody else finds it.
Its lead (the matrix's last role) reads it and writes to its schools, and changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Network
from accreditation.networks.operations import add_schools, create_network
from tests.api.builders import ADMIN, HEAD_B
from tests.applications.builders import person
from tests.proof.routes import SIGN_IN, SIGNED_IN, Call, get, post

NAME = "Rețeaua de probă"
#             anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
MANAGERS = (SIGN_IN, 404, 404, 404, 404, 404, 200, 404, 200, 200)  # and its lead reads it
MANAGERS_ONLY = (SIGN_IN, 404, 404, 404, 404, 404, 200, 404, 200, 403)  # a lead follows; the coordinator changes
MANAGERS_WRITE = (SIGN_IN, 404, 404, 404, 404, 404, 302, 404, 302, 403)
SENDERS = (SIGN_IN, 404, 404, 404, 404, 404, 302, 404, 302, 302)  # its managers and its lead write to its schools
CREATORS = (SIGN_IN, 403, 403, 403, 403, 403, 302, 400, 302, 403)  # coordinator out: Moldova is not a choice


def _network(s) -> str:
    """The proof network's path (made once). Commits."""
    found = db.session.scalar(select(Network.id).where(Network.name == NAME))
    if found is None:
        network = create_network(person(ADMIN), NAME, "MD")
        add_schools(person(ADMIN), network.id, [s.world.school_a])
        db.session.commit()
        found = network.id
    return f"/networks/{found}"


NETWORK_READS = [
    get("networks.index", lambda s: "/networks", SIGNED_IN),
    get("networks.show", _network, MANAGERS),
]
NETWORK_WRITES = [
    post("networks.create", lambda s, r: Call("/networks", {"name": f"N {r}", "country": "MD"}), CREATORS),
    post("networks.add_region", lambda s, r: Call(f"{_network(s)}/region", {"region": "MD-CU"}), MANAGERS_WRITE),
    post("networks.preview_csv", lambda s, r: Call(f"{_network(s)}/csv", {"content": "MD-1001"}), MANAGERS_ONLY),
    post(
        "networks.confirm_csv", lambda s, r: Call(f"{_network(s)}/csv/confirm", {"content": "MD-1001"}), MANAGERS_WRITE
    ),
    post(
        "networks.message",
        lambda s, r: Call(f"{_network(s)}/message", {"subject": "Hello", "body": f"From {r}"}),
        SENDERS,
    ),
    post("networks.name_lead", lambda s, r: Call(f"{_network(s)}/leads", {"email": HEAD_B}), MANAGERS_WRITE),
]
