"""The guard and action names programme files may use; the application registers exactly these.

Each maps to what the application's function does, so a coordinator writing a programme file can tell them apart.
"""

from __future__ import annotations

GUARDS: dict[str, str] = {
    "self_assessment_complete": "every criterion of the self-assessment has an answer",
    "required_documents_uploaded": (
        "every document the framework requires has been uploaded (and, when the programme sets "
        "evidence_required: true, every criterion's expected evidence is linked to it)"
    ),
    "commentary_sufficient": "the school's commentary explains its answers well enough to be reviewed",
    "review_complete": "the assessor has judged every criterion",
    "modules_complete": "the school has completed every module of the programme",
    "assessor_assigned": "an assessor is assigned to the application",
    "moderator_is_second_assessor": "the assigned moderator decides on a proposed level: never the lead assessor, "
    "never whoever proposed it",
    "visit_in_future": "the visit date given is in the future",
    "award_justified": "the level chosen is the one the review recommends, or a deviation with a written "
    "justification (the event's comment)",
    "award_needs_no_moderation": "the level chosen can be awarded directly (a level that needs moderation is "
    "proposed for moderation instead)",
    "award_needs_moderation": "the level chosen is one that needs a second assessor's moderation",
    "moderator_assigned": "a moderator, a second assessor besides the lead, is assigned to the application",
    "award_as_proposed": "the level confirmed is the level the lead assessor proposed",
}

# Guards a feature package registers through the joints (the core's guards above are registered by applications/).
FEATURE_GUARDS: dict[str, str] = {
    "desk_review_allowed": "the application renews an award whose latest yearly health check found the school in "
    "good standing, where the programme allows a desk-review renewal (a decision without a site visit)",
    "survey_requirement_met": "the school has run the survey the programme's instrument requires (enough answers "
    "from the audience in the months it asks); passes when the programme requires none",
}

# A decision is an event that records more than the transition (the round's decision, the awarded level, the
# visit): the event names its decision in the programme file, and only that operation fires it, writing its record
# and the transition in one transaction. The generic event routes refuse it and point to the decision's own route.
DECISIONS: dict[str, str] = {
    "changes": "ask the school for changes: the items are the judgments without agreement, and the round closes",
    "visit": "schedule or move the site visit: its date, time and place are recorded, with a calendar file",
    "award": "award a level: the round closes with the level, its justification and the date",
    "propose": "propose the top level for moderation (four eyes): the lead's level and justification are kept",
    "confirm": "the moderator confirms the proposed level: the round closes with it",
    "send_back": "the moderator sends the proposal back to the lead assessor, with a comment",
    "reject": "decide against any award: the round closes with the reasons",
}

ACTIONS: dict[str, str] = {
    "notify_school": "e-mail the school's administrators",
    "notify_assessor": "e-mail the assigned assessors",
    "notify_coordinator": "e-mail the coordinators of the school's region",
    "notify_school_of_changes": (
        "e-mail the school's administrators the criteria the assessor asked them to change, with the comments "
        "(only when the state was entered by asking for changes)"
    ),
    "issue_certificate": "issue (or re-activate) the award certificate for this cycle",
    "issue_commitment_certificate": "issue the intermediate certificate (e.g. of commitment)",
    "snapshot_self_assessment": "freeze the submitted self-assessment against its framework version",
    "snapshot_survey_results": "freeze the school's survey results beside the submitted self-assessment (after it)",
    "expire_certificate": "end the certificate's validity (expired, or revoked when entering a revoked state)",
}
