"""A network lead's part of the home page: the networks they lead, each with how many of its schools have started
a programme, linking to the network's page (its schools' progress, its messages and shared documents); and the
schools of those networks that have not started one yet (the ones a lead may encourage), the first few listed."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from accreditation.extensions import db
from accreditation.models import Application, Network, NetworkLead, NetworkSchool, School, User
from accreditation.todo.items import NORMAL, WAITING, TodoItem, TodoPart, TodoSection

SHOWN = 10  # schools not started listed on the home page; the rest are counted


def _not_started(user: User) -> tuple[list[TodoItem], int]:
    """The schools of the networks ``user`` leads without any application (by name, the first ``SHOWN``), and how
    many more there are."""
    started = select(Application.id).where(Application.school_id == NetworkSchool.school_id).exists()
    rows = db.session.execute(
        select(School.id, School.name, func.min(Network.id))
        .join(NetworkSchool, NetworkSchool.school_id == School.id)
        .join(Network, Network.id == NetworkSchool.network_id)
        .join(NetworkLead, NetworkLead.network_id == Network.id)
        .where(NetworkLead.user_id == user.id, ~started)
        .group_by(School.id, School.name)
        .order_by(School.name, School.id)
        .limit(SHOWN + 1)
    ).all()
    items = [
        TodoItem(
            "not-started",
            _("%(school)s has not started a programme yet.", school=name),
            url_for("networks.show", network_id=network_id, _anchor="network-schools"),
            WAITING,
        )
        for _school_id, name, network_id in rows[:SHOWN]
    ]
    return items, max(len(rows) - SHOWN, 0)


def network_part(user: User) -> TodoPart:
    """The networks ``user`` leads, by name, in one query."""
    rows = db.session.execute(
        select(
            Network.id,
            Network.name,
            func.count(distinct(NetworkSchool.school_id)),
            func.count(distinct(Application.school_id)),
        )
        .join(NetworkLead, NetworkLead.network_id == Network.id)
        .outerjoin(NetworkSchool, NetworkSchool.network_id == Network.id)
        .outerjoin(Application, Application.school_id == NetworkSchool.school_id)
        .where(NetworkLead.user_id == user.id)
        .group_by(Network.id, Network.name)
        .order_by(Network.name, Network.id)
    )
    items = [
        TodoItem(
            "network",
            _(
                "%(network)s: %(started)d of its %(schools)d schools have started a programme.",
                network=name,
                started=started,
                schools=schools,
            ),
            url_for("networks.show", network_id=network_id),
            NORMAL,
        )
        for network_id, name, schools, started in rows
    ]
    waiting, more = _not_started(user)
    return TodoPart(
        key="networks",
        title=_("Your school networks"),
        url=url_for("networks.index"),
        sections=[
            TodoSection(
                "led",
                _("Networks you lead"),
                _(
                    "When a coordinator names you the lead of a school network, it appears here: follow its schools' "
                    "progress, write to them and share model documents."
                ),
                items,
            ),
            TodoSection(
                "not-started",
                _("Schools that have not started"),
                _("When a school of your networks has not started a programme yet, it appears here."),
                waiting,
                more=more,
                more_url=url_for("networks.index") if more else None,
            ),
        ],
    )
