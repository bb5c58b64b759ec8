"""No English leaks into an e-mail or a PDF: every e-mail template the system sends and the certificates, rendered
in the pseudo-language of tests/i18n/test_pseudo_locale.py (its catalogue, word list and data filter), carry no run
of two English words outside data and no decimal written with a point.

The e-mails come from what the people do on the proof scene, run in this process as a worker would run them: the
scene's pending jobs (state changes, the assessor's assignment), a self-assessment returned for changes, every kind
of reminder and the certificate's e-mail (their composers), the account notices, a welcome, an invitation, a
registration told to its coordinators and the verification's decision. Every template under an ``email`` folder
must have been rendered, so a new e-mail cannot slip past the test. Everyone reads the pseudo-language, and so do
the schools (the certificate is written in its school's language, an invitation to an unknown address too).
"""

from __future__ import annotations

from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path

from flask import template_rendered
from sqlalchemy import select, update

from accreditation.accounts import notices
from accreditation.accounts.invitations import invite, send_invitation_mail
from accreditation.accounts.password_reset import request_reset
from accreditation.accounts.registration import notify_coordinators
from accreditation.accounts.verification import send_decision_mail
from accreditation.accounts.welcome import send_welcome
from accreditation.applications import run_job
from accreditation.certificates.mail import certificate_message
from accreditation.certificates.rendering import render_pdf
from accreditation.compliance.messages import duty_message
from accreditation.compliance.sweep import DUTY_ESCALATION, DUTY_REMINDER
from accreditation.extensions import db
from accreditation.models import (
    Application,
    Certificate,
    ComplianceDuty,
    Delivery,
    Network,
    NetworkLead,
    NetworkMessage,
    OutboxJob,
    Reminder,
    School,
    SurveyAudience,
    SurveyWindow,
)
from accreditation.models.reminder import CERTIFICATE, REMINDER
from accreditation.networks.lead_mail import LEAD_NAMED, lead_named_message
from accreditation.networks.messages import NETWORK_MESSAGE, network_message
from accreditation.review import decisions
from accreditation.surveys.invitation_mail import staff_invitation_message
from accreditation.surveys.invitations import STAFF_SURVEY_INVITATION
from tests.applications.builders import LONG_COMMENT, fire_as, person
from tests.assessment.builders import answer_all, upload_required
from tests.certificates.builders import certified
from tests.i18n.test_pseudo_locale import (  # noqa: F401  (fixtures)
    PSEUDO,
    _report,
    everyone_reads_pseudo,
    leaks,
    pdf_text,
    pseudo,
    pseudo_language,
    visible_text,
)
from tests.proof.builders import RoleClients
from tests.proof.conftest import quick_passwords, recording, scene, sent, world  # noqa: F401
from tests.review.builders import HEAD_A, LEAD, criteria, judge_all
from workflows.roles import COORDINATOR, SCHOOL_ADMIN

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EMAIL_TEMPLATES = {str(path.relative_to(TEMPLATES)) for path in TEMPLATES.glob("**/email/**/*") if path.is_file()}
COORDINATOR_MD = "coord.md@example.org"
ADMIN = "admin@example.org"
# Every sentence a reminder can say: (relative to, days from it, action).
REMINDERS = [
    ("entered", 30, "remind"),
    ("entered", 60, "escalate"),
    ("deadline", -1, "remind"),
    ("deadline", -7, "remind"),
    ("deadline", 3, "escalate"),
    ("expires", -30, "remind"),
    ("expires", 1, "remind"),
    ("reassessment", 0, "remind"),
]


def _run_pending_jobs() -> None:
    """Every job of the outbox not done yet, run here as a worker would."""
    for job_id in db.session.scalars(select(OutboxJob.id).where(OutboxJob.done_at.is_(None)).order_by(OutboxJob.id)):
        run_job(job_id)
    db.session.expire_all()


def _return_for_changes(application_id: int) -> None:
    """The scene's eSafety application answered, submitted, reviewed and returned with one criterion wanting."""
    answer_all(application_id)
    upload_required(application_id)
    fire_as(application_id, "submit", HEAD_A, comment=LONG_COMMENT)
    fire_as(application_id, "start_review", LEAD)
    first = criteria(application_id)[0]
    judge_all(application_id, except_={first.code: {"verdict": "insufficient", "comment": "-", "gap": "minor"}})
    version = db.session.get(Application, application_id).version
    decisions.request_changes(application_id, person(LEAD), version, "")
    db.session.commit()


def _composed(scene) -> list[tuple[str, str, str]]:  # noqa: F811  (scene is a fixture's value)
    """The messages of the delivery composers (reminders, the certificate), made but not sent: (where, subject,
    text and HTML's visible text)."""
    head = person(HEAD_A)
    application = db.session.get(Application, scene.esafety)
    messages = []
    for relative_to, days, action in REMINDERS:
        for role, user in ((SCHOOL_ADMIN, head), (COORDINATOR, person(COORDINATOR_MD))):
            reminder = Reminder(
                application=application,
                kind=f"{application.state}.{action}.{role}.{relative_to}{days:+d}",
                due_on=date.today(),
                state=application.state,
                action=action,
                role=role,
                relative_to=relative_to,
                offset_days=days,
            )
            message = Delivery(kind=REMINDER, reminder=reminder, user=user)
            outgoing = _compose(message)
            messages.append(
                (f"reminder {reminder.kind}", outgoing.subject, outgoing.text + visible_text(outgoing.html))
            )
    for certificate in db.session.scalars(select(Certificate)):
        outgoing = _compose(Delivery(kind=CERTIFICATE, certificate=certificate, user=head))
        messages.append(
            (f"certificate {certificate.serial}", outgoing.subject, outgoing.text + visible_text(outgoing.html))
        )
    school = db.session.get(School, scene.world.school_a)
    network = Network(name="Reteaua Nord", country_code=school.country_code)
    message = NetworkMessage(network=network, sent_by=person(COORDINATOR_MD), subject="Sedinta", body="Joi la 10.")
    window = SurveyWindow(
        school_id=school.id,
        programme="esafety-label",
        instrument_version=1,
        opens_on=date.today(),
        closes_on=date.today() + timedelta(days=30),
        languages=PSEUDO,  # a window offering the pseudo-language: the invitation is written in it
    )
    link = SurveyAudience(window=window, audience="staff", token="pseudo-mail-staff-link")
    # a duty of the compliance calendar (CISS's acceptable-use agreements), not done: its reminder and escalation
    duty = ComplianceDuty(school_id=school.id, duty_code="aup-renewal", due_on=date.today(), note="", file_name="")
    lead = NetworkLead(network=network, user=head)  # school A's head named the network's lead
    db.session.add_all([message, link, duty, lead])
    db.session.flush()
    for kind, subject_id, compose in (
        (NETWORK_MESSAGE, message.id, network_message),
        (LEAD_NAMED, lead.id, lead_named_message),
        (STAFF_SURVEY_INVITATION, link.id, staff_invitation_message),
        (DUTY_REMINDER, duty.id, duty_message),
        (DUTY_ESCALATION, duty.id, duty_message),
    ):
        with db.session.no_autoflush:  # made, not sent: the delivery is not kept
            outgoing = compose(Delivery(kind=kind, subject_id=subject_id, user=head))
        messages.append((kind, outgoing.subject, outgoing.text + visible_text(outgoing.html)))
    return messages


def _compose(delivery: Delivery):
    from accreditation.reminders.messages import reminder_message

    with db.session.no_autoflush:
        return reminder_message(delivery) if delivery.kind == REMINDER else certificate_message(delivery)


def _sent_directly(scene) -> None:  # noqa: F811
    """The e-mails handed to the mail server as things happen: each written into the mail folder."""
    head, admin, coordinator = person(HEAD_A), person(ADMIN), person(COORDINATOR_MD)
    school = db.session.get(School, scene.world.school_a)
    notices.password_changed(head)
    notices.api_token_issued(head, "laptop", "192.0.2.1")
    notices.registration_attempt(head)
    notices.school_registered(head, school)
    request_reset(head.email, "192.0.2.1")
    db.session.commit()  # the notices go after the commit
    send_welcome(coordinator, admin)
    invitation, token = invite(school, head, "new.teacher@example.org")
    db.session.commit()
    send_invitation_mail(invitation, token, head)
    notify_coordinators(school)
    send_decision_mail(school)


def test_no_email_leaks_english(app, scene, everyone_reads_pseudo):  # noqa: F811
    rendered: set[str] = set()

    def record(sender, template, context, **extra):
        rendered.add(template.name)

    template_rendered.connect(record, app)
    try:
        with app.app_context():
            db.session.execute(update(School).values(language=PSEUDO))
            db.session.commit()
            _run_pending_jobs()  # the scene's state changes and the assessor's assignment
            _return_for_changes(scene.esafety)
            _run_pending_jobs()
            composed = _composed(scene)
            _sent_directly(scene)
            db.session.rollback()
            db.session.remove()
    finally:
        template_rendered.disconnect(record, app)

    assert not EMAIL_TEMPLATES - rendered, f"e-mail templates this test does not render: {EMAIL_TEMPLATES - rendered}"
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    sent_mail = [message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(folder.glob("*.eml"))]
    messages = [(f"e-mail to {m['To']}", str(m["Subject"]), m.get_body(("plain",)).get_content()) for m in sent_mail]
    assert len(messages) >= 12, [subject for _, subject, _ in messages]
    found: dict[str, list[str]] = {}
    for where, subject, text in messages + composed:
        if runs := leaks(f"{subject}\n{text}", everyone_reads_pseudo):
            found[f"{where}: {subject}"] = runs
    assert not found, _report(found)


def test_no_certificate_pdf_leaks_english(app, scene, everyone_reads_pseudo, evidence):  # noqa: F811
    """The certificate of commitment of the scene and an award certificate, both in their school's language, and
    the action plan of a self-assessment below every benchmark, in its reader's."""
    with app.app_context():
        award = certified(scene.world, "esafety-label", "b")  # issued in school B's language (its assessor's too)
        db.session.execute(update(School).values(language=PSEUDO))
        db.session.commit()
        texts = {}
        for certificate in (db.session.get(Certificate, award.id), db.session.get(Certificate, scene.certificate)):
            texts[f"{certificate.kind} certificate {certificate.serial}"] = pdf_text(render_pdf(certificate))
        db.session.remove()
    with app.app_context():
        answer_all(scene.esafety, level=1)  # below every benchmark: the plan lists each criterion's actions
        db.session.remove()
    plan = RoleClients(app)["school_admin_a"].get(f"/applications/{scene.esafety}/action-plan.pdf")
    assert plan.status_code == 200 and plan.mimetype == "application/pdf"
    texts["action plan"] = pdf_text(plan.data)
    found = {where: runs for where, text in texts.items() if (runs := leaks(text, everyone_reads_pseudo))}
    assert not found, _report(found)
    assert pseudo("Action plan") in texts.pop("action plan")
    for text in texts.values():
        assert pseudo("This certifies that") in text, text  # written in the pseudo-language, not in English
