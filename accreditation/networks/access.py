"""Who may see and change a network. Admins: every network; coordinators: the networks of the countries (or,
for a region's coordinator, the networks whose every school lies in their regions) they coordinate; a network lead:
their own networks, to read only."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, exists, select

from accreditation.extensions import db
from accreditation.models import Network, NetworkLead, NetworkSchool, School, User
from accreditation.models.user import Role
from accreditation.networks.errors import NetworkForbidden, NetworkNotFound


def may_manage(user: User, network: Network) -> bool:
    """Admins, and coordinators of the network's country (a region's coordinator: when all its schools are theirs
    and it was theirs to begin with, i.e. they created it)."""
    if user.is_admin:
        return True
    countries, regions = user.scope(Role.COORDINATOR)
    if network.country_code in countries:
        return True
    if not regions or network.created_by_id != user.id:
        return False
    outside = db.session.scalar(
        select(
            exists().where(
                NetworkSchool.network_id == network.id,
                NetworkSchool.school_id == School.id,
                School.region_code.not_in(regions),
            )
        )
    )
    return not outside


def leads(user: User, network_id: int) -> bool:
    return bool(
        db.session.scalar(select(exists().where(NetworkLead.network_id == network_id, NetworkLead.user_id == user.id)))
    )


def network_for(network_id: int, user: User, manage: bool = False) -> Network:
    """The network, when ``user`` may see it (and change it, with ``manage``); ``NetworkNotFound`` else."""
    network = db.session.get(Network, network_id)
    if network is None:
        raise NetworkNotFound(_("There is no such school network."))
    if may_manage(user, network):
        return network
    if leads(user, network_id):
        if manage:
            raise NetworkForbidden(_("A network lead follows the network; its coordinator changes it."))
        return network
    raise NetworkNotFound(_("There is no such school network."))


def visible_networks(user: User) -> Select:
    """The networks ``user`` sees, by name."""
    query = select(Network).order_by(Network.name, Network.id)
    if user.is_admin:
        return query
    countries, regions = user.scope(Role.COORDINATOR)
    led = select(NetworkLead.network_id).where(NetworkLead.user_id == user.id)
    condition = Network.id.in_(led) | Network.country_code.in_(countries)
    if regions:
        condition = condition | (Network.created_by_id == user.id)
    return query.where(condition)
