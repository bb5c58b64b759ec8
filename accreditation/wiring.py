"""The composition root: the one place that plugs the features into the core and the plumbing.

The core (``applications``, ``models``, ``workflows``, ``transactions``) and the plumbing name what they need and
look it up in ``accreditation.joints``; each feature module below registers what it provides from its own
``register(joints)``. Adding an action or a kind of delivery touches its own package plus one line here.
Modules named in the ``PLUGINS`` setting (dotted names) are registered after these, the same way (a test's
throw-away action, a deployment's own).

``create_app`` wires the application before loading the programmes; the Celery worker is built by ``create_app``
(``celery_worker.py``), so the web app and the worker are wired alike.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from flask import Flask

from accreditation.assessment import evidence as assessment_evidence
from accreditation.assessment import snapshots
from accreditation.assessor_quality import mail as quality_mail
from accreditation.certificates import actions as certificate_actions
from accreditation.certificates import mail as certificate_mail
from accreditation.compliance import desk_review
from accreditation.compliance import messages as compliance_messages
from accreditation.geography import zones
from accreditation.joints import EXTENSION_KEY, Joints
from accreditation.networks import lead_mail as network_lead_mail
from accreditation.networks import messages as network_messages
from accreditation.reminders import messages as reminder_messages
from accreditation.review import assignment_mail, decisions
from accreditation.surveys import invitation_mail as survey_invitation_mail
from accreditation.surveys import snapshots as survey_snapshots
from accreditation.tasks import onboarding as onboarding_tasks
from accreditation.tasks import outbox as outbox_tasks
from accreditation.tasks import reminders as reminder_tasks
from accreditation.tasks import reports as report_tasks

FEATURES: tuple[Callable[[Joints], None], ...] = (
    assessment_evidence.register,  # the evidence the guards read
    snapshots.register,  # snapshot_self_assessment, inside fire()'s transaction
    survey_snapshots.register,  # snapshot_survey_results (after it), the guard survey_requirement_met
    certificate_actions.register,  # issue_certificate, issue_commitment_certificate, expire_certificate
    decisions.register,  # the decisions' operations (changes, visit, award, ...)
    assignment_mail.register,  # notify_assignment: the assessor's e-mail on assignment
    quality_mail.register,  # the composers of the moderation sample's e-mails (second reading, disagreement)
    reminder_messages.register,  # the composer of reminders' deliveries
    certificate_mail.register,  # the composer of certificates' deliveries
    compliance_messages.register,  # the composers of the compliance calendar's reminders and escalations
    desk_review.register,  # the guard desk_review_allowed: a renewal in good standing decided without a visit
    survey_invitation_mail.register,  # the composer of the staff survey's e-mailed invitations
    network_messages.register,  # the composer of a school network's messages to its schools' admins (issue 31)
    network_lead_mail.register,  # the e-mail to a person named a network's lead (issue 31)
    outbox_tasks.register,  # the outbox's jobs run in a Celery task
    reminder_tasks.register,  # deliveries are sent in chunks by a Celery task
    onboarding_tasks.register,  # large onboarding uploads run in a Celery task
    report_tasks.register,  # yearly reports are made in a Celery task (issue 31)
    zones.register,  # where a person works: the time zone and date conventions they read
)


def plugins(app: Flask) -> list[Callable[[Joints], None]]:
    """The ``register`` of each module named in ``PLUGINS``; ImportError or AttributeError for a wrong name."""
    return [import_module(name).register for name in app.config.get("PLUGINS", ())]


def wire(app: Flask) -> Joints:
    """Register every feature's contributions (and the configured plugins') with a new set of joints for ``app``."""
    joints = Joints()
    for register in (*FEATURES, *plugins(app)):
        register(joints)
    app.extensions[EXTENSION_KEY] = joints
    return joints
