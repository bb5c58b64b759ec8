"""A person's home page: the to-do list of each part of their work (their schools, their reviews, their area)."""

from __future__ import annotations

from datetime import datetime

from accreditation.models import User
from accreditation.todo.assessor import assessor_part
from accreditation.todo.coordination import coordination_part
from accreditation.todo.items import HomeTodo
from accreditation.todo.networks import network_part
from accreditation.todo.school import school_parts


def home_for(user: User, now: datetime, stalled_after_days: int) -> HomeTodo:
    """Everything ``user`` has to do, by part: their schools first, then their reviews, then their area, then the
    networks they lead."""
    parts = school_parts(user, now)
    if user.is_assessor:
        parts.append(assessor_part(user, now.date()))
    if user.is_coordinator or user.is_admin:
        parts.append(coordination_part(user, now, stalled_after_days))
    if getattr(user, "leads_networks", False):  # read with the person (identity.py): no query for everyone else
        parts.append(network_part(user))
    return HomeTodo(parts)
