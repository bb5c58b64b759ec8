"""School networks through the pages, as people use them: the coordinator creates a network, checks a pasted list
(the per-row report, nothing added yet), confirms it, adds a region and names a lead; the lead reads the schools'
progress and can change nothing; a coordinator of another country does not find the network."""

from __future__ import annotations

import re

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Delivery, User
from tests.builders import PASSWORD, add_school, csrf_token, sign_in, sign_out

COORD_MD = "coord.md@example.org"
COORD_UA = "coord.ua@example.org"
LEAD = "lead@example.org"


def _post(client, page_path: str, path: str, data: dict):
    token = csrf_token(client.get(page_path).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token})


def test_a_coordinator_builds_a_network_and_its_lead_follows_it(app, client, world):
    with app.app_context():
        lead = User(email=LEAD, name="Lena Lead", language="en")
        lead.set_password(PASSWORD)
        db.session.add(lead)
        add_school("Gimnaziul Bălți 1", "MD-2001", "MD", "MD-BA")
        db.session.commit()

    sign_in(client, COORD_MD)
    empty = client.get("/networks").get_data(as_text=True)
    assert 'id="no-networks"' in empty
    created = _post(client, "/networks", "/networks", {"name": "Chișinău district", "country": "MD"})
    assert created.status_code == 302
    network = created.headers["Location"]
    assert re.fullmatch(r"/networks/\d+", network)
    assert 'id="no-schools"' in client.get(network).get_data(as_text=True)

    preview = _post(client, network, f"{network}/csv", {"content": "MD-1001\nMD-9999\nUA-2001\n"})
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="csv-report"' in text
    assert "Liceul Teoretic A" in text and "No school of the network" in text and "another country" not in text
    assert 'id="no-schools"' in client.get(network).get_data(as_text=True)  # nothing added by the preview
    confirmed = _post(client, network, f"{network}/csv/confirm", {"content": "MD-1001\nMD-9999\n"})
    assert confirmed.status_code == 302
    assert _post(client, network, f"{network}/region", {"region": "MD-BA"}).status_code == 302
    unknown = _post(client, network, f"{network}/leads", {"email": "nobody@example.org"})
    assert unknown.status_code == 422 and "Nobody has an account" in unknown.get_data(as_text=True)
    assert _post(client, network, f"{network}/leads", {"email": LEAD}).status_code == 302
    page = client.get(network).get_data(as_text=True)
    assert "Liceul Teoretic A" in page and "Gimnaziul Bălți 1" in page and "Lena Lead" in page
    sign_out(client)

    sign_in(client, LEAD)
    listed = client.get("/networks").get_data(as_text=True)
    assert "Chișinău district" in listed and "New network" not in listed
    seen = client.get(network).get_data(as_text=True)
    schools = re.search(r'<table class="table" id="network-schools">(.*?)</table>', seen, re.S).group(1)
    assert "Liceul Teoretic A" in schools and "Gimnaziul Bălți 1" in schools and "Lviv School B" not in schools
    assert "Not started" in schools
    assert "Add schools" not in seen and "Name the lead" not in seen
    assert _post(client, network, f"{network}/region", {"region": "MD-CU"}).status_code == 403
    assert _post(client, "/networks", "/networks", {"name": "Mine", "country": "MD"}).status_code == 403
    assert client.get("/dashboard").status_code in (403, 404)
    refused = _post(client, network, f"{network}/message", {"subject": "", "body": "Hello"})
    assert refused.status_code == 400 and "Write a subject." in refused.get_data(as_text=True)
    written = _post(client, network, f"{network}/message", {"subject": "Model policy", "body": "Read it."})
    assert written.status_code == 302
    assert "1 school administrator" in client.get(network).get_data(as_text=True)
    with app.app_context():
        kinds = db.session.scalars(select(Delivery.kind).where(Delivery.kind == "network_message")).all()
        assert kinds == ["network_message"]  # school A's head; the Bălți school has no admin
    sign_out(client)

    sign_in(client, COORD_UA)
    assert client.get(network).status_code == 404
    assert "Chișinău district" not in client.get("/networks").get_data(as_text=True)
