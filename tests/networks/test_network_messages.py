"""A lead's message to the network's schools: one e-mail per admin of its schools (an admin of two of them gets one),
sent once however often its delivery is sent, in each reader's language; nobody outside the network gets it."""

from __future__ import annotations

from email.header import decode_header, make_header

from sqlalchemy import select

from accreditation.accounts.users import create_user
from accreditation.deliveries.sending import send_one
from accreditation.extensions import db
from accreditation.models import Delivery, Membership
from accreditation.models.school import MemberRole
from tests.builders import PASSWORD, add_school, outbox
from tests.certificates.conftest import dispatched  # noqa: F401  (fixture)
from tests.networks.conftest import LEAD


def test_every_admin_of_the_networks_schools_gets_the_message_once_in_their_language(
    app,
    api,
    world,
    dispatched,  # noqa: F811
):
    with app.app_context():
        school = add_school("Gimnaziul Bălți 3", "MD-2003", "MD", "MD-BA")
        russian = create_user("director@example.org", "Directorul", "school-admin", PASSWORD, school_id=school.id)
        russian.language = "ru"
        head_a = db.session.scalar(select(Membership).where(Membership.school_id == world.school_a)).user
        db.session.add(Membership(user=head_a, school=school, role=MemberRole.SCHOOL_ADMIN.value))  # admin of both
        db.session.commit()
        db.session.remove()
    network = api.post("/networks", as_="coord_md", json={"name": "Bălți district", "country": "MD"}).get_json()["id"]
    api.post(f"/networks/{network}/schools", as_="coord_md", json={"region": "MD-BA"})
    api.post(f"/networks/{network}/schools", as_="coord_md", json={"csv": "MD-1001"})
    assert api.post(f"/networks/{network}/leads", as_="coord_md", json={"email": LEAD}).status_code == 201

    outsider = api.post(f"/networks/{network}/messages", as_="head_a", json={"subject": "S", "body": "B"})
    assert outsider.status_code == 404
    empty = api.post(f"/networks/{network}/messages", as_="lead", json={"subject": " ", "body": "B"})
    assert empty.status_code == 422
    sent = api.post(
        f"/networks/{network}/messages",
        as_="lead",
        json={"subject": "Model policy", "body": "Please read the model policy before Friday."},
    )
    assert sent.status_code == 201, sent.get_json()
    assert sent.get_json()["recipients"] == 2  # school A's head (admin of two schools) and the Russian director

    with app.app_context():
        ids = list(db.session.scalars(select(Delivery.id).where(Delivery.kind == "network_message")))
        assert len(ids) == 2
        assert [send_one(i) for i in ids] == ["sent", "sent"]
        db.session.commit()
        assert [send_one(i) for i in ids] == ["skipped", "skipped"]  # a second sending sends nothing
        db.session.commit()
        db.session.remove()
    mails = [m for m in outbox(app) if "Model policy" in m["Subject"]]
    assert sorted(m["To"] for m in mails) == ["director@example.org", "head.a@example.org"]
    languages = {m["To"]: m["Content-Language"] for m in mails}
    assert languages == {"director@example.org": "ru", "head.a@example.org": "en"}
    for mail in mails:
        plain = next(part for part in mail.walk() if part.get_content_type() == "text/plain")
        assert "Please read the model policy before Friday." in plain.get_payload(decode=True).decode()
        assert str(make_header(decode_header(mail["Subject"]))) == "Bălți district: Model policy"
