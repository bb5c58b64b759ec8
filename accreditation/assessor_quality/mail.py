"""The e-mails of the moderation sample, as deliveries (sent once per person, after the commit): the second
assessor asked to read a held decision, the coordinators of the school told of a disagreement to settle, and the
lead assessor told how the coordinator settled it (upheld: carried out; overturned: to decide again). A message
whose moment has passed (read, settled, another second assessor) is not sent."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from accreditation.applications.notifications import coordinators_of
from accreditation.deliveries.queue import deliver
from accreditation.deliveries.sending import Outgoing
from accreditation.extensions import db
from accreditation.i18n import language_of
from accreditation.joints import Joints
from accreditation.models import Application, Delivery, ModerationSample
from accreditation.models.assessor_quality import SampleStatus

REQUEST = "moderation_request"
DISAGREEMENT = "moderation_disagreement"
SETTLED = "moderation_settled"


def ask_moderator(sample: ModerationSample) -> None:
    """E-mail the sample's second assessor (if it has one) once the transaction commits."""
    if sample.moderator_id is not None:
        deliver(REQUEST, sample.id, [sample.moderator_id])


def tell_coordinators(sample: ModerationSample) -> None:
    """E-mail the coordinators of the school a disagreement to settle."""
    application = db.session.get(Application, sample.application_id)
    deliver(DISAGREEMENT, sample.id, [user.id for user in coordinators_of(application)])


def tell_lead(sample: ModerationSample) -> None:
    """E-mail the lead assessor whose held decision the coordinator upheld or overturned."""
    deliver(SETTLED, sample.id, [sample.assessor_id])


def _settled(sample: ModerationSample) -> tuple[str, str]:
    """The lead's subject and lines: how their decision was settled, and the coordinator's reason."""
    if sample.status == SampleStatus.UPHELD:
        subject = _("Your decision was upheld")
        line = _("The coordinator upheld your decision: it has been carried out and the school has been told.")
    else:
        subject = _("Your decision was overturned")
        line = _("The coordinator overturned your decision: the school has not been told; please decide again.")
    reason = _("The coordinator's reason: %(note)s", note=sample.settlement_note)
    return subject, line + "\n\n" + reason


def compose(delivery: Delivery) -> Outgoing | None:
    sample = db.session.get(ModerationSample, delivery.subject_id)
    user = delivery.user
    if sample is None or not user.active:
        return None
    if delivery.kind == REQUEST and (sample.status != SampleStatus.WAITING or sample.moderator_id != user.id):
        return None
    if delivery.kind == DISAGREEMENT and sample.status != SampleStatus.DISAGREED:
        return None
    settled = (SampleStatus.UPHELD, SampleStatus.OVERTURNED)
    if delivery.kind == SETTLED and (sample.status not in settled or sample.assessor_id != user.id):
        return None
    base = current_app.config["BASE_URL"].rstrip("/")
    path = f"/quality/moderation/{sample.id}"  # the held decision's page (assessor_quality.sample)
    language = language_of(user)
    with force_locale(language):
        if delivery.kind == REQUEST:
            subject = _("A decision to re-read before the school is told")
            line = _(
                "%(name)s's decision is held until you read it: agree, and it is carried out; disagree, and the "
                "coordinator settles it.",
                name=sample.assessor.name,
            )
        elif delivery.kind == SETTLED:
            subject, line = _settled(sample)
        else:
            subject = _("A disagreement to settle")
            line = _(
                "The second assessor disagreed with %(name)s's decision; it waits for you to uphold or overturn it.",
                name=sample.assessor.name,
            )
        text = "\n\n".join([_("Hello %(name)s,", name=user.name), line, base + path])
    return Outgoing(to=user.email, subject=subject, text=text + "\n", html="", language=language)


def register(joints: Joints) -> None:
    joints.composers[REQUEST] = compose
    joints.composers[DISAGREEMENT] = compose
    joints.composers[SETTLED] = compose
