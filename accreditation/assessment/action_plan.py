"""The action plan: for every criterion below its benchmark, the improvement actions that lead up to it, grouped
by area, with the ones the school has ticked as done. Built from the live answers (the submitted ones while the
self-assessment is locked)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, select

from accreditation.applications.errors import NotPermitted
from accreditation.assessment.answers import Workspace, workspace
from accreditation.assessment.errors import AssessmentError
from accreditation.assessment.permissions import may_tick_actions
from accreditation.assessment.scoring import CriterionScore, scorecard
from accreditation.extensions import db
from accreditation.models import ActionTick, User
from accreditation.models.time import utcnow
from workflows import Action, Area


@dataclass(frozen=True)
class PlannedAction:
    action: Action
    done: ActionTick | None


@dataclass(frozen=True)
class PlannedCriterion:
    score: CriterionScore
    actions: list[PlannedAction]


@dataclass(frozen=True)
class PlannedArea:
    area: Area
    criteria: list[PlannedCriterion]


@dataclass(frozen=True)
class ActionPlan:
    space: Workspace
    areas: list[PlannedArea]
    can_tick: bool

    @property
    def total(self) -> int:
        return sum(len(c.actions) for area in self.areas for c in area.criteria)

    @property
    def done(self) -> int:
        return sum(1 for area in self.areas for c in area.criteria for a in c.actions if a.done)


def action_plan(application_id: int, actor: User) -> ActionPlan:
    space = workspace(application_id, actor)
    levels = {code: answer.level for code, answer in space.answers().items()}
    card = scorecard(space.framework, levels, space.programme.awards)
    ticks = {
        tick.action_key: tick
        for tick in db.session.scalars(select(ActionTick).where(ActionTick.application_id == application_id)).all()
    }
    areas = []
    for area_score in card.areas:
        planned = [
            PlannedCriterion(
                score, [PlannedAction(a, ticks.get(a.key)) for a in score.criterion.actions_from(score.level)]
            )
            for score in area_score.criteria
            if not score.at_benchmark
        ]
        if planned:
            areas.append(PlannedArea(area_score.area, planned))
    return ActionPlan(space, areas, may_tick_actions(space.roles) and space.application.is_open)


def _planned(score: CriterionScore, ticks: dict[str, ActionTick]) -> list[PlannedAction]:
    return [PlannedAction(action, ticks.get(action.key)) for action in score.criterion.actions_from(score.level)]


def tick_action(application_id: int, actor: User, action_key: str, done: bool) -> None:
    """Mark an improvement action done (or not done again). Idempotent; flushes."""
    space = workspace(application_id, actor)
    if not may_tick_actions(space.roles):
        raise NotPermitted(_("Only the school's members tick actions on its plan."))
    if not space.application.is_open:
        raise AssessmentError(_("This cycle is closed; its action plan can no longer change."))
    if space.framework.action(action_key) is None:
        raise AssessmentError(_("There is no such action on this plan."))
    existing = db.session.scalar(
        select(ActionTick).where(ActionTick.application_id == application_id, ActionTick.action_key == action_key)
    )
    if done and existing is None:
        db.session.add(
            ActionTick(application_id=application_id, action_key=action_key, done_at=utcnow(), done_by_id=actor.id)
        )
    elif not done and existing is not None:
        db.session.execute(delete(ActionTick).where(ActionTick.id == existing.id))
    db.session.flush()
