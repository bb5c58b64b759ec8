"""The networks' rows of the permission matrix (tests/proof/routes.py extends its tables with these): a network of
Moldova with school A, made by the admin; its coordinators (Moldova's) and admins manage it, nobody else finds it.
Its lead (the matrix's last role) reads it and writes to its schools, shares documents with them and withdraws
them, and changes nothing else. What it shares, school A's people see and adopt from their application."""

from __future__ import annotations

from io import BytesIO

from sqlalchemy import select

from accreditation.assessment.documents import Upload
from accreditation.extensions import db
from accreditation.models import Network, NetworkDocument
from accreditation.networks.documents import share_document
from accreditation.networks.operations import add_schools, create_network
from tests.api.builders import ADMIN, HEAD_B
from tests.applications.builders import person
from tests.assessment.builders import PDF
from tests.proof.routes import APPLICATION, ESAFETY_EDIT, SIGN_IN, SIGNED_IN, Call, get, post

NAME = "Rețeaua de probă"
#             anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
MANAGERS = (SIGN_IN, 404, 404, 404, 404, 404, 200, 404, 200, 200)  # and its lead reads it
MANAGERS_ONLY = (SIGN_IN, 404, 404, 404, 404, 404, 200, 404, 200, 403)  # a lead follows; the coordinator changes
MANAGERS_WRITE = (SIGN_IN, 404, 404, 404, 404, 404, 302, 404, 302, 403)
SENDERS = (SIGN_IN, 404, 404, 404, 404, 404, 302, 404, 302, 302)  # its managers and its lead write to its schools
CREATORS = (SIGN_IN, 403, 403, 403, 403, 403, 302, 400, 302, 403)  # coordinator out: Moldova is not a choice
# A shared document opened from the network: its managers and its lead (school A's people open it from their
# application, networks.offered_file, like its documents).
NETWORK_FILE = (SIGN_IN, 404, 404, 404, 404, 404, 200, 404, 200, 200)


def _network(s) -> str:
    """The proof network's path (made once). Commits."""
    found = db.session.scalar(select(Network.id).where(Network.name == NAME))
    if found is None:
        network = create_network(person(ADMIN), NAME, "MD")
        add_schools(person(ADMIN), network.id, [s.world.school_a])
        db.session.commit()
        found = network.id
    return f"/networks/{found}"


def _shared(s, title: str = "Model policy") -> int:
    """A document the proof network shares, titled ``title`` (made once per title). Commits."""
    network_id = int(_network(s).rsplit("/", 1)[1])
    found = db.session.scalar(
        select(NetworkDocument.id).where(NetworkDocument.network_id == network_id, NetworkDocument.title == title)
    )
    if found is None:
        found = share_document(person(ADMIN), network_id, Upload(content=PDF, filename="policy.pdf"), title).id
        db.session.commit()
    return found


NETWORK_READS = [
    get("networks.index", lambda s: "/networks", SIGNED_IN),
    get("networks.show", _network, MANAGERS),
    get("networks.progress", lambda s: f"{_network(s)}/progress", MANAGERS),
    get("networks.download", lambda s: f"/networks/documents/{_shared(s)}/file", NETWORK_FILE),
    get("networks.shared", lambda s: f"/networks/for-application/{s.esafety}", APPLICATION),
    get(
        "networks.offered_file",
        lambda s: f"/networks/for-application/{s.esafety}/file/{_shared(s)}",
        APPLICATION,
    ),
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
    post(
        "networks.share",
        lambda s, r: Call(f"{_network(s)}/documents", {"file": (BytesIO(PDF), f"{r}.pdf"), "title": f"From {r}"}),
        SENDERS,
    ),
    post(  # each role withdraws a document of its own
        "networks.withdraw",
        lambda s, r: Call(f"{_network(s)}/documents/{_shared(s, f'For {r}')}/withdraw", {"understood": "y"}),
        SENDERS,
    ),
    post(
        "networks.adopt",
        lambda s, r: Call(f"/networks/for-application/{s.esafety}/adopt/{_shared(s)}"),
        ESAFETY_EDIT,
    ),
]
