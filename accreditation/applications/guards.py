"""The guards programme files name (``workflows.names.GUARDS``), as this application implements them.

A guard is ``fn(context) -> list[str]``: each string is a reason a person can act on; none means it passes.
``context.data`` is None while a page previews what blocks an event: the guards that judge the data given with
the event (a commentary, a date, a level) then stay silent, because the form asks for it.

The guards about the self-assessment, the documents and the review read them through ``context.evidence``
(``accreditation.applications.evidence.Evidence``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import bindparam, select

from accreditation.applications.evidence import Evidence
from accreditation.applications.modules import modules_of
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import Application, ApplicationModule, TransitionRecord, User
from accreditation.models.application import AssessorRole
from accreditation.prebuilt import Prebuilt
from workflows import GUARDS, AwardLevel, Programme, Registry

MIN_COMMENTARY_CHARS = 40
MIN_JUSTIFICATION_CHARS = 20  # a deviation from the recommended level is explained in at least this much text
SHOWN_AT_MOST = 5  # items named in one reason before "and N more"


class GuardContext:
    """What a guard may look at. ``data`` is the event's data (comment, date, level, items), None in a preview.

    ``application`` is the ORM entity: given, or loaded by ``load`` the first time a guard reads it (fire() reads
    the application's columns without the ORM and builds the entity only for a guard that needs it; issue 27).
    ``application_id`` is known either way. Read-only once made."""

    __slots__ = (
        "_application",
        "_load",
        "application_id",
        "programme",
        "event",
        "actor",
        "roles",
        "data",
        "evidence",
        "today",
    )

    def __init__(
        self,
        application: Application | None = None,
        programme: Programme | None = None,
        event: str = "",
        actor: User | None = None,
        roles: frozenset[str] = frozenset(),
        data: Mapping[str, Any] | None = None,
        evidence: Evidence | None = None,
        today: date | None = None,
        *,
        load: Callable[[], Application] | None = None,
        application_id: int | None = None,
    ) -> None:
        if application is None and (load is None or application_id is None):
            raise TypeError("GuardContext needs the application, or its id and a load")
        self._application = application
        self._load = load
        self.application_id: int = application.id if application is not None else application_id
        self.programme: Programme = programme
        self.event = event
        self.actor = actor
        self.roles = roles
        self.data = data
        self.evidence: Evidence = evidence
        self.today: date = today

    @property
    def application(self) -> Application:
        if self._application is None:
            self._application = self._load()
        return self._application

    @property
    def loaded_application(self) -> Application | None:
        """The entity when it has been given or loaded already, else None (no query)."""
        return self._application

    @property
    def previewing(self) -> bool:
        return self.data is None

    def given(self, name: str) -> Any:
        return None if self.data is None else self.data.get(name)


Guard = Callable[[GuardContext], list[str]]


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN_AT_MOST])
    more = len(items) - SHOWN_AT_MOST
    return _("%(items)s and %(more)s more", items=shown, more=more) if more > 0 else shown


# --- real guards ------------------------------------------------------------------------------------------------


def commentary_sufficient(context: GuardContext) -> list[str]:
    short = context.evidence.short_commentaries(context.application)
    if not short:
        return []  # None: no self-assessment yet, which self_assessment_complete reports
    return [
        _(
            "Please explain in at least %(count)s characters why you claim the benchmark level or higher for: "
            "%(criteria)s.",
            count=MIN_COMMENTARY_CHARS,
            criteria=_listed(short),
        )
    ]


def visit_in_future(context: GuardContext) -> list[str]:
    given = context.given("date")
    if context.previewing or given is None:
        return []
    visit = given if isinstance(given, date) else date.fromisoformat(str(given).strip()[:10])
    if visit > context.today:
        return []
    return [_("The visit date %(date)s is not in the future; please choose a later date.", date=visit.isoformat())]


_MODULE_CODES = Prebuilt(
    select(ApplicationModule.module_code).where(ApplicationModule.application_id == bindparam("id"))
)


def _modules_done(context: GuardContext) -> set[str]:
    """The codes of the application's completed modules: as the session holds them when the entity is at hand with
    its modules loaded, else read as codes alone (one prebuilt statement on the session's connection, no ORM
    execution or rows: fire()'s guard, issue 27)."""
    application = context.loaded_application
    if application is not None and "modules" in application.__dict__:
        return {module.module_code for module in application.modules}
    session = db.session()
    if session.autoflush:
        session.flush()  # as the ORM's execution would (nothing to do when the session is clean)
    return {code for (code,) in _MODULE_CODES.rows(session.connection(), {"id": context.application_id})}


def modules_complete(context: GuardContext) -> list[str]:
    done = _modules_done(context)
    missing = [local(module.title) for module in modules_of(context.programme) if module.code not in done]
    if not missing:
        return []
    return [_("These modules are not marked as complete yet: %(modules)s.", modules=_listed(missing))]


def assessor_assigned(context: GuardContext) -> list[str]:
    if any(assignment.role == AssessorRole.LEAD for assignment in context.application.assessors):
        return []
    return [_("No lead assessor is assigned to this application yet; a coordinator assigns one on this page.")]


# --- the four-eyes principle on the top award -------------------------------------------------------------------


def _given_level(context: GuardContext) -> AwardLevel | None:
    awards = context.programme.awards
    return awards.level(context.given("level") or "") if awards else None


def _assigned(context: GuardContext, role: AssessorRole):
    return next((a for a in context.application.assessors if a.role == role), None)


def _entering_record(application: Application) -> TransitionRecord | None:
    """The transition record that brought the application into its current state (its latest one)."""
    return db.session.scalar(
        select(TransitionRecord).where(
            TransitionRecord.application_id == application.id, TransitionRecord.version == application.version
        )
    )


def award_needs_no_moderation(context: GuardContext) -> list[str]:
    level = _given_level(context)
    if level is None or not level.needs_moderation:
        return []
    return [
        _(
            "The %(level)s level needs a second assessor's confirmation: propose it for moderation instead.",
            level=local(level.label),
        )
    ]


def award_needs_moderation(context: GuardContext) -> list[str]:
    level = _given_level(context)
    if level is None or level.needs_moderation:
        return []
    return [
        _(
            "Only a level that needs a second assessor's confirmation is proposed for moderation; "
            "%(level)s is awarded directly.",
            level=local(level.label),
        )
    ]


def moderator_assigned(context: GuardContext) -> list[str]:
    moderator = _assigned(context, AssessorRole.MODERATOR)
    lead = _assigned(context, AssessorRole.LEAD)
    if moderator is not None and (lead is None or moderator.user_id != lead.user_id):
        return []
    return [
        _(
            "The top level must be confirmed by a second assessor: a coordinator must first assign a moderator "
            "to this application."
        )
    ]


def moderator_is_second_assessor(context: GuardContext) -> list[str]:
    moderator = _assigned(context, AssessorRole.MODERATOR)
    if moderator is None:
        return [_("No moderator is assigned to this application: a coordinator assigns one on its page.")]
    actor_id = context.actor.id if context.actor is not None else None
    lead = _assigned(context, AssessorRole.LEAD)
    if lead is not None and actor_id == lead.user_id:
        return [_("The lead assessor cannot moderate their own proposal: a second assessor decides on it.")]
    if actor_id != moderator.user_id:
        return [
            _(
                "Only the moderator, %(name)s, decides on the proposed level: a different assessor from the lead.",
                name=moderator.user.name,
            )
        ]
    proposal = _entering_record(context.application)
    if proposal is not None and proposal.actor_id == actor_id:
        return [_("You proposed this level yourself: a second assessor must decide on it.")]
    return []


def award_as_proposed(context: GuardContext) -> list[str]:
    level = _given_level(context)
    if level is None:
        return []  # previewing, or no level given: the form (MissingData) asks for one
    proposal = _entering_record(context.application)
    proposed = (proposal.data or {}).get("level") if proposal is not None else None
    if proposed == level.code:
        return []
    awards = context.programme.awards
    proposed_level = awards.level(proposed or "") if awards else None
    if proposed_level is None:
        return [_("No level was proposed: the lead assessor proposes one first.")]
    return [
        _(
            "The lead assessor proposed %(proposed)s: confirm that level, or send the proposal back.",
            proposed=local(proposed_level.label),
        )
    ]


# --- guards waiting for the self-assessment (issue 4) and the review (issue 5) ------------------------------------


def self_assessment_complete(context: GuardContext) -> list[str]:
    unanswered = context.evidence.unanswered_criteria(context.application)
    if unanswered is None:
        return [_("The self-assessment has not been completed yet: answer every criterion first.")]
    if unanswered:
        return [
            ngettext(
                "The self-assessment still has %(num)s criterion without an answer: %(criteria)s.",
                "The self-assessment still has %(num)s criteria without an answer: %(criteria)s.",
                len(unanswered),
                criteria=_listed(unanswered),
            )
        ]
    return []


def required_documents_uploaded(context: GuardContext) -> list[str]:
    missing = context.evidence.missing_documents(context.application)
    if missing is None:
        return [_("The required documents (such as the online-safety policy) have not been uploaded yet.")]
    reasons = [_("Please upload: %(document)s.", document=title) for title in missing]
    if context.programme.definition.evidence_required:  # the programme blocks on each criterion's evidence
        lacking = context.evidence.criteria_without_evidence(context.application)
        if lacking:
            reasons.append(
                ngettext(
                    "%(num)s criterion has no document for the evidence it expects: %(criteria)s.",
                    "%(num)s criteria have no document for the evidence they expect: %(criteria)s.",
                    len(lacking),
                    criteria=_listed(lacking),
                )
            )
    return reasons


def review_complete(context: GuardContext) -> list[str]:
    unjudged = context.evidence.unjudged_criteria(context.application)
    if unjudged is None:
        return [_("The review has not been recorded yet: judge every criterion first.")]
    if unjudged:
        return [
            ngettext(
                "The review still has %(num)s criterion to judge: %(criteria)s.",
                "The review still has %(num)s criteria to judge: %(criteria)s.",
                len(unjudged),
                criteria=_listed(unjudged),
            )
        ]
    return []


def award_justified(context: GuardContext) -> list[str]:
    """The level chosen is the one the review recommends, or the assessor explains the deviation in the event's
    comment (at least ``MIN_JUSTIFICATION_CHARS`` characters)."""
    awards = context.programme.awards
    results = context.evidence.results(context.application)
    if results is None:
        return [_("A level can be chosen once every criterion of the review has been judged.")]
    chosen = awards.level(context.given("level") or "") if awards else None
    if chosen is None:
        return []  # previewing, or no level given: the form (MissingData) asks for one
    recommended = awards.level_for(results.share_at_benchmark, results.review_score)
    if recommended is not None and recommended.code == chosen.code:
        return []
    if len((context.given("comment") or "").strip()) >= MIN_JUSTIFICATION_CHARS:
        return []
    if recommended is None:
        return [
            _(
                "The review does not earn a level; to award %(chosen)s anyway, please justify it in writing "
                "(at least %(count)s characters).",
                chosen=local(chosen.label),
                count=MIN_JUSTIFICATION_CHARS,
            )
        ]
    return [
        _(
            "The review recommends %(recommended)s; to award %(chosen)s instead, please justify the deviation in "
            "writing (at least %(count)s characters).",
            recommended=local(recommended.label),
            chosen=local(chosen.label),
            count=MIN_JUSTIFICATION_CHARS,
        )
    ]


GUARD_FUNCTIONS: dict[str, Guard] = {
    "commentary_sufficient": commentary_sufficient,
    "visit_in_future": visit_in_future,
    "modules_complete": modules_complete,
    "assessor_assigned": assessor_assigned,
    "moderator_is_second_assessor": moderator_is_second_assessor,
    "award_needs_no_moderation": award_needs_no_moderation,
    "award_needs_moderation": award_needs_moderation,
    "moderator_assigned": moderator_assigned,
    "award_as_proposed": award_as_proposed,
    "self_assessment_complete": self_assessment_complete,
    "required_documents_uploaded": required_documents_uploaded,
    "review_complete": review_complete,
    "award_justified": award_justified,
}


def register_guards(registry: Registry) -> None:
    """Register a function for every guard name programme files may use."""
    registry.register_each("guard", GUARDS, GUARD_FUNCTIONS)
