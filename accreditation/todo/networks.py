"""A network lead's part of the home page: the networks they lead, each with how many of its schools have started
a programme, linking to the network's page (its schools' progress, its messages and shared documents)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from accreditation.extensions import db
from accreditation.models import Application, Network, NetworkLead, NetworkSchool, User
from accreditation.todo.items import NORMAL, TodoItem, TodoPart, TodoSection


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
            )
        ],
    )
