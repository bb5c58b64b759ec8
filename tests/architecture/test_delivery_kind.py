"""A throw-away kind of delivery added from a test package (``tests.architecture.delivery_plugin``) through the
composition root's ``PLUGINS`` setting, without editing the core or ``deliveries/``: its rows are written with their
kind and subject, dispatched once the transaction commits, and the real sending task mails each exactly once."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from accreditation.deliveries.dispatch import SENDER, dispatch_pending
from accreditation.deliveries.queue import OwnSubjectColumn, deliver
from accreditation.deliveries.sending import send_chunk
from accreditation.extensions import db
from accreditation.joints import EXTENSION_KEY, NotWired
from accreditation.models import Delivery
from accreditation.models.reminder import REMINDER
from accreditation.wiring import wire
from tests.applications.builders import person
from tests.architecture import delivery_plugin

SEND_DELIVERIES = "accreditation.tasks.reminders.send_deliveries"


def _mail(app) -> list[EmailMessage]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]


@pytest.fixture
def plugged(app, monkeypatch) -> Iterator[list[list[int]]]:
    """The application wired again with the plugin; the chunks of deliveries its dispatch hands to the task sender,
    recorded here instead of sent to a broker."""
    original = app.extensions[EXTENSION_KEY]
    monkeypatch.setitem(app.config, "PLUGINS", ["tests.architecture.delivery_plugin"])
    chunks: list[list[int]] = []
    wire(app).senders[SENDER] = chunks.append
    yield chunks
    app.extensions[EXTENSION_KEY] = original


def test_the_plugged_kind_is_dispatched_after_the_commit_and_mailed_exactly_once(app, ctx, world, plugged):
    head = person(world.emails["school_admin_a"])
    [delivery_id] = delivery_plugin.send_postcards(world.school_a)
    assert plugged == []  # not before the commit
    db.session.commit()
    assert plugged == [[delivery_id]]
    assert delivery_plugin.send_postcards(world.school_a) == []  # a retried job writes nothing more
    db.session.commit()

    task = app.extensions["celery"].tasks[SEND_DELIVERIES]
    assert task.apply(args=[plugged[0]]).get() == {"sent": 1, "skipped": 0, "waiting": 0}
    assert task.apply(args=[plugged[0]]).get() == {"sent": 0, "skipped": 1, "waiting": 0}  # the task, delivered twice
    assert dispatch_pending(send=plugged.append) == 0  # nothing left for the sweep

    [message] = _mail(app)
    assert message["To"] == head.email
    assert message["Subject"] == "A postcard from Liceul Teoretic A"
    assert message["Message-ID"] == f"<postcard-{world.school_a}-user-{head.id}@localhost>"
    delivery = db.session.get(Delivery, delivery_id, populate_existing=True)
    assert (delivery.kind, delivery.subject_id, delivery.reminder_id, delivery.certificate_id) == (
        "postcard",
        world.school_a,
        None,
        None,
    )
    assert delivery.sent_at is not None and delivery.attempts == 1


def test_without_the_plugin_its_kind_is_a_clear_error(app, ctx, world, plugged, monkeypatch):
    """A delivery of a kind nobody registers (any more) is not sent, and its row says why; writing one is refused."""
    head = person(world.emails["school_admin_a"])
    [delivery_id] = delivery_plugin.send_postcards(world.school_a)
    db.session.commit()
    monkeypatch.setitem(app.config, "PLUGINS", [])
    wire(app)  # the application as it ships: no postcards

    result = send_chunk([delivery_id])
    assert (result.sent, result.skipped) == (0, 1)
    assert _mail(app) == []
    delivery = db.session.get(Delivery, delivery_id, populate_existing=True)
    assert delivery.sent_at is None
    assert "no composer of deliveries 'postcard' is registered" in delivery.last_error
    with pytest.raises(NotWired, match="'postcard'"):
        deliver(delivery_plugin.KIND, world.school_b, [head.id])


def test_a_kind_with_its_own_subject_column_is_not_written_as_a_generic_one(app, ctx, world, plugged):
    head = person(world.emails["school_admin_a"])
    with pytest.raises(OwnSubjectColumn, match="reminder_id"):
        deliver(REMINDER, world.school_a, [head.id])


@pytest.mark.parametrize(
    "row",
    [
        {"kind": REMINDER, "subject_id": 1},  # a reminder's subject is its reminder_id
        {"kind": "postcard"},  # any other kind needs its subject_id
    ],
)
def test_the_database_refuses_a_delivery_whose_subject_does_not_match_its_kind(app, ctx, world, row):
    db.session.add(Delivery(user_id=person(world.emails["school_admin_a"]).id, attempts=0, last_error="", **row))
    with pytest.raises(IntegrityError, match="one_subject"):
        db.session.flush()
    db.session.rollback()
