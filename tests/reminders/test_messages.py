"""Reminder e-mails: sent once, in the recipient's language, as text and HTML with a link to act, under a
Message-ID made from the idempotency key; and the page where a person sees the reminders sent to them."""

from __future__ import annotations

import email
import threading
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import delete, update

from accreditation.deliveries.sending import send_one
from accreditation.extensions import db
from accreditation.models import Membership, User
from accreditation.reminders.sweep import sweep_and_dispatch, sweep_reminders
from tests.builders import sign_in
from tests.certificates.builders import deliveries, send_pending
from tests.reminders.builders import at_state


def _mail(app) -> list[email.message.EmailMessage]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]


def test_a_reminder_is_mailed_once_in_the_recipients_language_with_a_link(app, ctx, world, dispatched):
    db.session.execute(update(User).where(User.email == "head.a@example.org").values(language="uk"))
    db.session.commit()
    application_id = at_state(world, "ciss", "self_assessment", entered_days_ago=30)
    result = sweep_and_dispatch()
    [delivery] = deliveries()
    assert (result.reminders, result.deliveries, result.dispatched) == (1, 1, 1)
    assert dispatched == [[delivery.id]]  # one chunk, not one task per school
    assert send_pending().sent == 0  # dispatched a moment ago: not handed over twice
    assert send_one(delivery.id) == "sent"
    assert send_one(delivery.id) == "skipped"
    [message] = _mail(app)
    assert message["To"] == "head.a@example.org"
    assert message["Content-Language"] == "uk"
    assert message["Message-ID"] == f"<reminder-{delivery.reminder_id}-user-{delivery.user_id}@localhost>"
    assert message["Subject"] == "Нагадування: Liceul Teoretic A — Триває самооцінювання"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f"http://localhost/applications/{application_id}" in text
    assert f'href="http://localhost/applications/{application_id}"' in html
    assert "Триває самооцінювання" in text and "30 дн." in text
    assert "Надіслати на розгляд" in text  # what the school admin can do next


def test_a_reminder_is_not_mailed_to_someone_who_left_the_school_before_it_went_out(app, ctx, world, dispatched):
    at_state(world, "ciss", "self_assessment", entered_days_ago=30)
    sweep_and_dispatch()
    [delivery] = deliveries()
    db.session.execute(
        delete(Membership).where(Membership.user_id == delivery.user_id, Membership.school_id == world.school_a)
    )
    db.session.commit()
    assert send_one(delivery.id) == "sent"  # handled: nothing left to send
    assert _mail(app) == []
    [delivery] = deliveries()
    assert delivery.sent_at is not None  # not tried again


def test_concurrent_senders_send_each_delivery_once(app, world):
    with app.app_context():
        at_state(world, "ciss", "self_assessment", entered_days_ago=75)  # escalated to the coordinator
        at_state(world, "esafety-label", "registered", entered_days_ago=30)
        sweep_reminders()
        delivery_ids = [delivery.id for delivery in deliveries()]
        db.session.remove()
    assert len(delivery_ids) == 2
    barrier = threading.Barrier(4, timeout=30)
    outcomes: list[str] = []

    def send() -> None:
        with app.app_context():
            barrier.wait()
            outcomes.extend(send_one(delivery_id) for delivery_id in delivery_ids)
            db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes).count("sent") == 2 and len(outcomes) == 8
    assert len(_mail(app)) == 2


def test_people_see_the_reminders_sent_to_them_and_only_those(app, client, world):
    with app.app_context():
        application_id = at_state(world, "ciss", "self_assessment", entered_days_ago=30)
        sweep_reminders()
        send_pending()
    assert client.get("/reminders").status_code == 302  # sign in first
    sign_in(client, "head.a@example.org")
    page = client.get("/reminders").get_data(as_text=True)
    assert f'href="/applications/{application_id}"' in page and "Liceul Teoretic A" in page
    assert "since" in page and "30 days" in page


@pytest.mark.parametrize("email_address", ["head.b@example.org", "coord.md@example.org"])
def test_others_do_not_see_someone_elses_reminders(app, client, world, email_address):
    with app.app_context():
        at_state(world, "ciss", "self_assessment", entered_days_ago=30)
        sweep_reminders()
        send_pending()
    sign_in(client, email_address)
    page = client.get("/reminders").get_data(as_text=True)
    assert 'id="reminders"' not in page and "Liceul Teoretic A" not in page.split('id="main"')[1]
    assert "No reminder has been sent to you." in page or "Вам не надіслано жодного нагадування." in page
