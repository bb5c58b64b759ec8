"""A school member's to-do list for one school: the self-assessment to continue, the criteria the assessor
returned, the expected documents still missing, the modules to put in place, a certificate to renew; and, apart,
what the school waits for (verification, the assessor's review, a site visit).

The rules read the programme's data, not state names: the self-assessment is open in the states an event guarded
by ``self_assessment_complete`` leaves, the modules in the states an event guarded by ``modules_complete`` leaves.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from accreditation.applications.modules import modules_of
from accreditation.applications.permissions import may_complete_modules, may_start
from accreditation.applications.runtime import current_workflows
from accreditation.assessment.evidence import RecordedEvidence
from accreditation.assessment.permissions import editable_states
from accreditation.certificates.status import not_in_force_states
from accreditation.extensions import db
from accreditation.i18n import local
from accreditation.models import Application, School, User
from accreditation.models.review import Decision
from accreditation.review.outcome import is_shortfall
from accreditation.review.rounds import latest_snapshot, review_of
from accreditation.todo.items import NORMAL, OVERDUE, SOON, WAITING, TodoItem, TodoPart, TodoSection
from workflows import Programme
from workflows.roles import SCHOOL_ADMIN, SCHOOL_STAFF

RENEWAL_WINDOW_DAYS = 90  # a certificate this close to its end asks for its renewal
RENEWAL_URGENT_DAYS = 30


def school_part(user: User, school: School, now: datetime) -> TodoPart:
    """What ``user`` has to do for ``school`` and what the school waits for."""
    membership = user.membership_of(school.id)
    roles = frozenset({membership.role}) if membership else frozenset({SCHOOL_STAFF})
    todo: list[TodoItem] = []
    waiting: list[TodoItem] = []
    page = url_for("school.dashboard", school_id=school.id)
    if not school.is_verified:
        waiting.append(
            TodoItem(
                "verification",
                _("A coordinator checks your school’s registration. You can join a programme once it is verified."),
                page,
                WAITING,
            )
        )
    applications = list(
        db.session.scalars(
            select(Application)
            .where(Application.school_id == school.id)
            .order_by(Application.programme_code, Application.cycle.desc())
        ).all()
    )
    latest: dict[str, Application] = {}
    for application in applications:
        latest.setdefault(application.programme_code, application)
    programmes = current_workflows().programmes
    for application in latest.values():
        programme = programmes.get(application.programme_code)
        if programme is None or application.state not in programme.states:
            continue
        renewal = _renewal(application, programme, now, page)
        if renewal is not None:
            todo.append(renewal)
        if application.is_open:
            _application_items(application, programme, roles, now.date(), todo, waiting)
    if school.is_verified and not applications and may_start(user, school):
        todo.append(TodoItem("join", _("Join a programme: choose one on your school’s page."), f"{page}#programmes"))
    return TodoPart(
        key=f"school-{school.id}",
        title=school.name,
        url=page,
        sections=[
            TodoSection(
                "todo",
                _("To do"),
                _(
                    "Nothing to do now. When your school has something to do, such as answering the "
                    "self-assessment or making the changes an assessor asks for, it appears here."
                ),
                todo,
            ),
            TodoSection(
                "waiting",
                _("Waiting for others"),
                _("When your school waits for a coordinator or an assessor, it appears here."),
                waiting,
            ),
        ],
    )


def _application_items(
    application: Application,
    programme: Programme,
    roles: frozenset[str],
    today: date,
    todo: list[TodoItem],
    waiting: list[TodoItem],
) -> None:
    name = local(programme.name)
    show = url_for("applications.show", application_id=application.id)
    state = application.state
    if state in editable_states(programme):
        todo.extend(_self_assessment_items(application, programme, roles, name))
        return
    if may_complete_modules(roles, programme, state):
        done = {row.module_code for row in application.modules}
        modules = modules_of(programme)
        finished = sum(1 for module in modules if module.code in done)
        if finished < len(modules):
            text = _(
                "%(programme)s: put the modules in place: %(done)d of %(total)d done.",
                programme=name,
                done=finished,
                total=len(modules),
            )
            todo.append(TodoItem("modules", text, f"{show}#modules"))
            return
    starts = [
        event
        for event in programme.events_from(state)
        if event.dest in editable_states(programme) and event.roles & roles and not event.decision
    ]
    if starts:
        todo.append(TodoItem("start", _("%(programme)s: start your self-assessment.", programme=name), show))
        return
    if application.deadline is not None and application.deadline >= today:
        text = _(
            "%(programme)s: the site visit is planned; prepare the people and the documents the assessor will see.",
            programme=name,
        )
        waiting.append(TodoItem("visit", text, show, SOON, due=application.deadline))
        return
    if programme.awards is not None and state in after_award(programme):
        return  # certified: nothing waits (the renewal has its own item)
    label = local(programme.state(state).label)
    text = _("%(programme)s: %(state)s. Nothing for you to do until then.", programme=name, state=label)
    waiting.append(TodoItem("with_others", text, show, WAITING))


def _self_assessment_items(
    application: Application, programme: Programme, roles: frozenset[str], name: str
) -> list[TodoItem]:
    items: list[TodoItem] = []
    evidence = RecordedEvidence()
    framework = current_workflows().framework_of(programme)
    total = len(framework.criteria) if framework is not None else 0
    unanswered = evidence.unanswered_criteria(application)
    answered = total - (len(unanswered) if unanswered is not None else total)
    missing = evidence.missing_documents(application) or []
    sheet = url_for("self_assessment.answers", application_id=application.id)
    documents = url_for("self_assessment.documents", application_id=application.id)
    returned = returned_criteria(application.id)
    if returned:
        text = ngettext(
            "%(programme)s: %(num)d criterion returned by the assessor. Read what they ask and change it.",
            "%(programme)s: %(num)d criteria returned by the assessor. Read what they ask and change them.",
            returned,
            programme=name,
        )
        items.append(TodoItem("returned", text, url_for("review.feedback", application_id=application.id), OVERDUE))
    if answered < total:
        text = _(
            "%(programme)s: continue your self-assessment: %(answered)d of %(total)d criteria answered.",
            programme=name,
            answered=answered,
            total=total,
        )
        items.append(TodoItem("continue", text, sheet))
    for title in missing:
        text = _("%(programme)s: upload the expected document “%(document)s”.", programme=name, document=title)
        items.append(TodoItem("document", text, f"{documents}#upload-heading"))
    if answered == total and not missing and SCHOOL_ADMIN in roles:
        if returned:
            text = _("%(programme)s: when the changes are made, submit them for review.", programme=name)
        else:
            text = _(
                "%(programme)s: every criterion is answered: submit your self-assessment for review.", programme=name
            )
        items.append(TodoItem("submit", text, sheet, SOON))
    return items


def returned_criteria(application_id: int) -> int:
    """The criteria the assessor found wanting in the latest round, while its changes are asked for (0 once the
    school resubmits: the new round has no decision yet)."""
    review = review_of(latest_snapshot(application_id))
    if review is None or review.decision != Decision.CHANGES_REQUESTED:
        return 0
    return sum(1 for j in review.judgments if is_shortfall(j.verdict, j.level, j.claimed_level))


def after_award(programme: Programme) -> frozenset[str]:
    """The award's state and every state reached from it (certified, renewal, expired...): no review waits there."""
    granted = programme.awards.granted_on if programme.awards else None
    if granted is None:
        return frozenset()
    reached, frontier = {granted}, [granted]
    while frontier:
        for event in programme.events_from(frontier.pop()):
            if event.dest not in reached:
                reached.add(event.dest)
                frontier.append(event.dest)
    return frozenset(reached)


def _renewal(application: Application, programme: Programme, now: datetime, page: str) -> TodoItem | None:
    """The renewal of a certificate in force that ends within the renewal window."""
    expires = application.expires_at
    if expires is None or application.state in not_in_force_states(programme):
        return None
    if not now < expires <= now + timedelta(days=RENEWAL_WINDOW_DAYS):
        return None
    days = (expires - now).days
    text = ngettext(
        "%(programme)s: your certificate expires in %(num)d day: start the renewal.",
        "%(programme)s: your certificate expires in %(num)d days: start the renewal.",
        days,
        programme=local(programme.name),
    )
    urgency = OVERDUE if days <= RENEWAL_URGENT_DAYS else NORMAL
    return TodoItem("renewal", text, f"{page}#programmes", urgency, due=expires.date())


def school_parts(user: User, now: datetime) -> list[TodoPart]:
    """One part per school ``user`` belongs to (a school admin or staff member)."""
    return [
        school_part(user, membership.school, now)
        for membership in user.memberships
        if membership.role in (SCHOOL_ADMIN, SCHOOL_STAFF)
    ]
