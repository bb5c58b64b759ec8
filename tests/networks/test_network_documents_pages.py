"""A network's shared documents on the pages: its lead shares a model policy (the upload checked like the schools'),
sees the list and withdraws one (confirmed); a school admin of a network school finds it from the documents page,
opens it (through its application: whoever sees its documents), adopts it as the school's own (a copy, its origin
kept) and edits it; who may do what."""

from __future__ import annotations

import re
from html import unescape
from io import BytesIO

from sqlalchemy import func, select

from accreditation.assessment.documents import Upload
from accreditation.extensions import db
from accreditation.models import Document, NetworkDocument, NetworkLead, User
from accreditation.networks.documents import share_document
from accreditation.networks.operations import add_schools, create_network
from accreditation.storage import current_store
from tests.applications.builders import person, start
from tests.assessment.builders import PDF, ready_for_answers
from tests.builders import PASSWORD, csrf_token, sign_in, sign_out

ADMIN = "admin@example.org"
HEAD_A = "head.a@example.org"
HEAD_B = "head.b@example.org"
LEAD = "docs.lead@example.org"


def _scene(app, world) -> tuple[int, int]:
    """A network of Moldova with school A, led by a person with no other role; school A's eSafety Label
    application in its self-assessment. The network's and the application's ids."""
    with app.app_context():
        network = create_network(person(ADMIN), "Raionul Ialoveni", "MD")
        add_schools(person(ADMIN), network.id, [world.school_a])
        lead = User(email=LEAD, name="Lidia Lead", language="en")
        lead.set_password(PASSWORD)
        db.session.add(lead)
        db.session.flush()
        db.session.add(NetworkLead(network_id=network.id, user_id=lead.id))
        db.session.commit()
        network_id = network.id
    with app.app_context():
        application_id = ready_for_answers(world)
    return network_id, application_id


def _share(client, network: str, content: bytes, title: str, name: str = "model-policy.pdf"):
    token = csrf_token(client.get(network).get_data(as_text=True))
    return client.post(
        f"{network}/documents",
        data={"csrf_token": token, "file": (BytesIO(content), name), "title": title},
        content_type="multipart/form-data",
    )


def test_a_lead_shares_a_policy_and_the_school_adopts_it_as_its_own(app, client, world):
    network_id, application_id = _scene(app, world)
    network = f"/networks/{network_id}"
    sign_in(client, LEAD)
    assert 'id="no-shared"' in client.get(network).get_data(as_text=True)
    wrong = _share(client, network, b"just text", "Notes", "notes.pdf")
    assert wrong.status_code == 422 and "not a PDF" in wrong.get_data(as_text=True)
    untitled = _share(client, network, PDF, "")
    assert untitled.status_code == 422 and "Give the document a title." in untitled.get_data(as_text=True)
    shared = _share(client, network, PDF, "Model e-safety policy")
    assert shared.status_code == 302
    page = client.get(network).get_data(as_text=True)
    listed = re.search(r'<ul class="shared-documents" id="shared-list">(.*?)</ul>', page, re.S).group(1)
    assert "Model e-safety policy" in listed and "model-policy.pdf" in listed
    with app.app_context():
        shared_id = db.session.scalar(select(NetworkDocument.id))
    assert client.get(f"/networks/documents/{shared_id}/file").data == PDF
    assert client.get(f"/applications/{application_id}/documents").status_code in (403, 404)  # not the school's
    sign_out(client)

    sign_in(client, HEAD_A)
    documents = client.get(f"/applications/{application_id}/documents").get_data(as_text=True)
    assert 'id="from-network"' in documents and "From your network: 1 shared document" in documents
    offered = client.get(f"/networks/for-application/{application_id}")
    text = offered.get_data(as_text=True)
    assert offered.status_code == 200 and "Model e-safety policy" in text and "Adopt as our own" in text
    assert client.get(f"/networks/for-application/{application_id}/file/{shared_id}").data == PDF
    assert client.get(f"/networks/documents/{shared_id}/file").status_code == 404  # the network's own route
    assert client.get(network).status_code == 404  # a school of the network does not manage it
    adopt = f"/networks/for-application/{application_id}/adopt/{shared_id}"
    assert client.post(adopt, data={}).status_code == 400  # no CSRF token
    adopted = client.post(adopt, data={"csrf_token": csrf_token(text)})
    assert adopted.status_code == 302 and f"/applications/{application_id}/documents#document-" in adopted.location
    mine = client.get(f"/applications/{application_id}/documents").get_data(as_text=True)
    assert "Adopted from the network’s document Raionul Ialoveni: Model e-safety policy" in mine
    again = client.get(f"/networks/for-application/{application_id}").get_data(as_text=True)
    assert "See your copy" in again and "Adopt as our own" not in again
    with app.app_context():
        copy = db.session.scalar(select(Document).where(Document.origin_network_document_id == shared_id))
        assert (
            copy.application_id == application_id
            and copy.files[0].sha256 == db.session.get(NetworkDocument, shared_id).sha256
        )
        copy_id = copy.id
    # The copy is the school's own: a new version of it.
    edited = client.post(
        f"/applications/{application_id}/documents/{copy_id}/versions",
        data={"csrf_token": csrf_token(mine), "file": (BytesIO(PDF.replace(b"Catalog", b"Catalog ")), "ours.pdf")},
        content_type="multipart/form-data",
    )
    assert edited.status_code == 302
    sign_out(client)

    sign_in(client, HEAD_B)  # another country's school: nothing of the network
    assert client.get(f"/networks/documents/{shared_id}/file").status_code == 404
    assert client.get(f"/networks/for-application/{application_id}/file/{shared_id}").status_code in (403, 404)
    assert client.get(f"/networks/for-application/{application_id}").status_code in (403, 404)
    sign_out(client)

    sign_in(client, LEAD)
    page = client.get(network).get_data(as_text=True)
    withdraw = f"{network}/documents/{shared_id}/withdraw"
    unticked = client.post(withdraw, data={"csrf_token": csrf_token(page)})
    assert unticked.status_code == 302
    assert "Tick the box to confirm." in client.get(network).get_data(as_text=True)
    assert client.post(withdraw, data={"csrf_token": csrf_token(page), "understood": "y"}).status_code == 302
    after = client.get(network).get_data(as_text=True)
    assert 'id="no-shared"' in after and "no longer see" in after
    with app.app_context():
        assert db.session.get(NetworkDocument, shared_id) is None
        copy = db.session.get(Document, copy_id)
        assert copy.origin_network_document_id is None and len(copy.files) == 2
        assert copy.origin_title == "Raionul Ialoveni: Model e-safety policy"  # the school still sees where it came
    sign_out(client)
    sign_in(client, HEAD_A)
    assert 'id="no-network-documents"' in client.get(f"/networks/for-application/{application_id}").get_data(
        as_text=True
    )


def test_who_may_share_and_withdraw(app, client, world):
    network_id, _application_id = _scene(app, world)
    network = f"/networks/{network_id}"
    sign_in(client, "coord.md@example.org")  # Moldova's coordinator manages the network
    assert _share(client, network, PDF, "Template").status_code == 302
    sign_out(client)
    with app.app_context():
        shared_id = db.session.scalar(select(NetworkDocument.id))
    sign_in(client, "coord.ua@example.org")
    token = csrf_token(client.get("/networks").get_data(as_text=True))
    refused = client.post(f"{network}/documents/{shared_id}/withdraw", data={"csrf_token": token, "understood": "y"})
    assert refused.status_code == 404
    assert client.get(f"/networks/documents/{shared_id}/file").status_code == 404
    sign_out(client)
    sign_in(client, LEAD)
    page = client.get(network).get_data(as_text=True)
    other = f"/networks/{network_id + 1000}/documents/{shared_id}/withdraw"
    assert client.post(other, data={"csrf_token": csrf_token(page), "understood": "y"}).status_code == 404
    done = client.post(
        f"{network}/documents/{shared_id}/withdraw", data={"csrf_token": csrf_token(page), "understood": "y"}
    )
    assert done.status_code == 302


def test_a_school_adopts_only_while_its_self_assessment_is_open(app, client, world):
    """A CISS application just applied for: the self-assessment is not open yet; the page says so and offers no
    button, and an adoption posted all the same is refused on the page, saying why."""
    network_id, _application_id = _scene(app, world)
    with app.app_context():
        shared = share_document(person(ADMIN), network_id, Upload(content=PDF, filename="p.pdf"), "Model policy")
        db.session.commit()
        shared_id = shared.id
        ciss = start(world, "ciss")
    sign_in(client, HEAD_A)
    page = client.get(f"/networks/for-application/{ciss}").get_data(as_text=True)
    assert 'id="adopt-closed"' in page and "Model policy" in page and "Adopt as our own" not in page
    refused = client.post(f"/networks/for-application/{ciss}/adopt/{shared_id}", data={"csrf_token": csrf_token(page)})
    assert refused.status_code in (409, 422) and 'id="adopt-error"' in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Document.id).where(Document.application_id == ciss)) is None


def _pdf_of(kilobytes: int) -> bytes:
    return PDF + b"%" + b"0" * (kilobytes * 1024 - len(PDF) - 1)


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def test_a_share_past_the_networks_quota_is_refused_and_nothing_is_stored(app, client, world, monkeypatch):
    network_id, _application_id = _scene(app, world)
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_NETWORK_MB", 1)
    network = f"/networks/{network_id}"
    sign_in(client, LEAD)
    assert "Space for the network’s shared documents: 0.0 MB of 1 MB used." in _text(client.get(network))
    assert _share(client, network, _pdf_of(600), "Model policy").status_code == 302
    with app.app_context():
        stored = len(list(current_store().objects()))

    refused = _share(client, network, _pdf_of(600), "Second policy")
    assert refused.status_code == 413
    text = _text(refused)
    assert "This file does not fit in the space for the network’s shared documents (0.6 MB of 1 MB used)." in text
    assert "Nothing was stored." in text
    with app.app_context():
        assert db.session.scalar(select(func.count(NetworkDocument.id))) == 1
        assert len(list(current_store().objects())) == stored

    assert _share(client, network, _pdf_of(300), "Short checklist").status_code == 302  # what still fits is shared
    assert "Space for the network’s shared documents: 0.9 MB of 1 MB used." in _text(client.get(network))
