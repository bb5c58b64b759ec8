"""The lead assessor is e-mailed (a delivery, in their language) when the coordinator settles a disagreement on
their held decision: upheld (carried out, the school told) or overturned (decide again), with the coordinator's
reason; nobody else gets that message, and it is not sent once it no longer holds."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.applications import commit_and_relay
from accreditation.assessor_quality import moderating
from accreditation.assessor_quality.mail import SETTLED, compose
from accreditation.extensions import db
from accreditation.models import Delivery, ModerationSample
from accreditation.review import decisions
from tests.applications.builders import person
from tests.assessor_quality.test_moderation import held  # noqa: F401  (fixture)
from tests.review.builders import COORDINATOR, LEAD, MODERATOR


def _settled_mail() -> list[Delivery]:
    return list(db.session.scalars(select(Delivery).where(Delivery.kind == SETTLED)).all())


def test_the_lead_is_told_when_the_coordinator_overturns_then_upholds(held):  # noqa: F811
    sample = db.session.scalar(select(ModerationSample))
    moderating.moderate(sample.id, person(MODERATOR), False, "Two criteria lack evidence.")
    db.session.commit()
    assert _settled_mail() == []  # not before the coordinator settles
    person(LEAD).language = "ro"
    moderating.settle(sample.id, person(COORDINATOR), False, "Look again at criterion 3.")
    db.session.commit()
    [overturned] = _settled_mail()
    assert overturned.user.email == LEAD and overturned.subject_id == sample.id
    message = compose(overturned)
    assert message.to == LEAD and message.language == "ro"
    assert message.subject == "Decizia dumneavoastră a fost anulată"  # "Your decision was overturned", in Romanian
    assert "Look again at criterion 3." in message.text and f"/quality/moderation/{sample.id}" in message.text

    again = decisions.reject(held, person(LEAD), "The evidence is missing for two criteria.", None)
    db.session.commit()
    moderating.moderate(again.id, person(MODERATOR), False, "I would award Silver.")
    moderating.settle(again.id, person(COORDINATOR), True, "The reasons stand.")
    commit_and_relay()
    upheld = next(d for d in _settled_mail() if d.subject_id == again.id)
    message = compose(upheld)
    assert message.to == LEAD and "The reasons stand." in message.text
    assert compose(overturned).subject != message.subject  # each says how it was settled
    assert {d.user.email for d in _settled_mail()} == {LEAD}


def test_an_agreed_decision_sends_the_lead_no_settlement(held):  # noqa: F811
    sample = db.session.scalar(select(ModerationSample))
    moderating.moderate(sample.id, person(MODERATOR), True, "")
    commit_and_relay()
    assert _settled_mail() == []
    fake = Delivery(kind=SETTLED, subject_id=sample.id, user=person(LEAD))
    assert compose(fake) is None  # agreed, not settled: nothing to tell
