"""Naming a network's lead: the person named gets one e-mail per network, in their language, naming the network and
linking to it, however often the delivery is sent or the lead named again; naming oneself sends nothing. And the
lead's layout and home page: a link to their networks, their networks listed on the to-do page."""

from __future__ import annotations

from email.header import decode_header, make_header

from sqlalchemy import select

from accreditation.accounts.users import create_user
from accreditation.applications.operations import start_application
from accreditation.deliveries.sending import send_one
from accreditation.extensions import db
from accreditation.models import Delivery, NetworkLead, School, User
from accreditation.networks.lead_mail import LEAD_NAMED
from tests.builders import PASSWORD, outbox, sign_in
from tests.certificates.conftest import dispatched  # noqa: F401  (fixture)
from tests.networks.conftest import LEAD


def _deliveries(app) -> list[int]:
    with app.app_context():
        found = list(db.session.scalars(select(Delivery.id).where(Delivery.kind == LEAD_NAMED)))
        db.session.remove()
    return found


def test_the_named_lead_is_told_once_per_network_in_their_language(app, api, world, dispatched):  # noqa: F811
    with app.app_context():
        db.session.scalar(select(User).where(User.email == LEAD)).language = "ro"
        db.session.commit()
        db.session.remove()
    network = api.post("/networks", as_="coord_md", json={"name": "Rețeaua Nord", "country": "MD"}).get_json()["id"]
    api.post(f"/networks/{network}/schools", as_="coord_md", json={"region": "MD-BA"})
    for _ in range(2):  # named twice: one grant, one e-mail
        assert api.post(f"/networks/{network}/leads", as_="coord_md", json={"email": LEAD}).status_code == 201
    ids = _deliveries(app)
    assert len(ids) == 1
    with app.app_context():
        assert send_one(ids[0]) == "sent"
        db.session.commit()
        assert send_one(ids[0]) == "skipped"  # a second sending sends nothing
        db.session.commit()
        db.session.remove()
    mails = [m for m in outbox(app) if m["To"] == LEAD]
    assert len(mails) == 1
    mail = mails[0]
    assert mail["Content-Language"] == "ro"
    subject = str(make_header(decode_header(mail["Subject"])))
    assert "Rețeaua Nord" in subject
    plain = next(part for part in mail.walk() if part.get_content_type() == "text/plain")
    text = plain.get_payload(decode=True).decode()
    assert f"/networks/{network}" in text and "Rețeaua Nord" in text and "Lena Lead" in text
    assert "Mira Coordinator v-a numit responsabilul rețelei de școli Rețeaua Nord (MD)." in text  # who named them
    with app.app_context():
        named_by = db.session.scalar(select(NetworkLead.named_by_id).where(NetworkLead.network_id == network))
        assert named_by == db.session.scalar(select(User.id).where(User.email == "coord.md@example.org"))
        db.session.remove()

    # a second network: a second e-mail; the coordinator naming themselves: none
    other = api.post("/networks", as_="coord_md", json={"name": "Rețeaua Sud", "country": "MD"}).get_json()["id"]
    assert api.post(f"/networks/{other}/leads", as_="coord_md", json={"email": LEAD}).status_code == 201
    assert (
        api.post(f"/networks/{other}/leads", as_="coord_md", json={"email": "coord.md@example.org"}).status_code == 201
    )
    with app.app_context():
        rows = db.session.execute(select(Delivery.user_id, Delivery.subject_id).where(Delivery.kind == LEAD_NAMED))
        people = [user_id for user_id, _subject in rows]
        lead_id = db.session.scalar(select(User.id).where(User.email == LEAD))
        db.session.remove()
    assert people == [lead_id, lead_id]


def test_a_lead_finds_their_networks_in_the_navigation_and_on_the_home_page(app, client, api, world):
    with app.app_context():
        db.session.scalar(select(User).where(User.email == LEAD)).set_password(PASSWORD)
        db.session.commit()
        db.session.remove()
    sign_in(client, LEAD)
    before = client.get("/me").get_data(as_text=True)
    assert 'href="/networks"' not in before  # no network yet: no link
    network = api.post("/networks", as_="coord_md", json={"name": "Rețeaua Nord", "country": "MD"}).get_json()["id"]
    api.post(f"/networks/{network}/schools", as_="coord_md", json={"region": "MD-BA"})
    api.post(f"/networks/{network}/leads", as_="coord_md", json={"email": LEAD})

    after = client.get("/me").get_data(as_text=True)  # the very next request: the layout's key changed
    assert 'href="/networks"' in after
    home = client.get("/")
    assert home.status_code == 200
    page = home.get_data(as_text=True)
    assert 'id="networks"' in page and f'href="/networks/{network}"' in page
    assert "Rețeaua Nord: 0 of its 2 schools have started a programme." in page
    waiting = page.split('id="networks-not-started"')[1]
    assert "Gimnaziul Bălți 1 has not started a programme yet." in waiting
    assert "Gimnaziul Bălți 2 has not started a programme yet." in waiting
    assert f'href="/networks/{network}#network-schools"' in waiting

    # once every school of the network has started, the section says what will appear there
    with app.app_context():
        for school in db.session.scalars(select(School).where(School.region_code == "MD-BA")):
            head = create_user(f"head.{school.id}@example.org", "Head", "school-admin", PASSWORD, school_id=school.id)
            start_application(school, "ciss", head)
        db.session.commit()
        db.session.remove()
    page = client.get("/").get_data(as_text=True)
    assert "2 of its 2 schools have started a programme." in page
    assert "When a school of your networks has not started a programme yet, it appears here." in page
