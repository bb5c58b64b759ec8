"""The guard and action names programme files may use; the application registers exactly these.

Each maps to what the application's function does, so a coordinator writing a programme file can tell them apart.
"""

from __future__ import annotations

GUARDS: dict[str, str] = {
    "self_assessment_complete": "every criterion of the self-assessment has an answer",
    "required_documents_uploaded": "every document the framework requires has been uploaded",
    "commentary_sufficient": "the school's commentary explains its answers well enough to be reviewed",
    "review_complete": "the assessor has judged every criterion",
    "modules_complete": "the school has completed every module of the programme",
    "assessor_assigned": "an assessor is assigned to the application",
    "moderator_is_second_assessor": "a level that needs moderation is confirmed by a second, different assessor",
    "visit_in_future": "the visit date given is in the future",
    "award_justified": "the level chosen is earned by the self-assessment and the review",
}

ACTIONS: dict[str, str] = {
    "notify_school": "e-mail the school's administrators",
    "notify_assessor": "e-mail the assigned assessors",
    "notify_coordinator": "e-mail the coordinators of the school's region",
    "issue_certificate": "issue (or re-activate) the award certificate for this cycle",
    "issue_commitment_certificate": "issue the intermediate certificate (e.g. of commitment)",
    "snapshot_self_assessment": "freeze the submitted self-assessment against its framework version",
    "expire_certificate": "end the certificate's validity (expired, or revoked when entering a revoked state)",
}
