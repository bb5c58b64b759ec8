"""URL rules and thin views of school networks: the list (and a new network), a network's page (its schools'
progress; for its coordinators, the forms that add schools and name leads), the CSV's preview and its confirmation,
the network's figures. The shared documents' routes register on the same blueprint (documents.py, imported at the
end)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from accreditation.dashboard.filters import Scope
from accreditation.dashboard.presentation import choices
from accreditation.extensions import db
from accreditation.networks import operations
from accreditation.networks.access import network_for, visible_networks
from accreditation.networks.errors import NetworkInvalid
from accreditation.networks.messages import send_message
from accreditation.networks.progress import network_figures
from accreditation.pages.networks.blueprint import bp
from accreditation.pages.networks.forms import CsvForm, LeadForm, MessageForm, NetworkForm, RegionForm
from accreditation.pages.networks.page import network_page


def _network_form(form: NetworkForm | None = None) -> NetworkForm:
    form = form or NetworkForm(formdata=None)
    form.country.choices = [(c.code, c.name) for c in choices(Scope.of(current_user))]
    return form


@bp.get("")
@login_required
def index(form: NetworkForm | None = None, status: int = 200):
    manages = current_user.is_admin or current_user.is_coordinator
    networks = list(db.session.scalars(visible_networks(current_user)))
    form = _network_form(form) if manages else None
    return render_template("networks/index.html", networks=networks, form=form), status


@bp.post("")
@login_required
def create():
    form = _network_form(NetworkForm())
    if not (current_user.is_admin or current_user.is_coordinator):
        return index()[0], 403
    if not form.validate_on_submit():
        return index(form, 400)
    network = operations.create_network(current_user, form.name.data, form.country.data)
    flash(_("The network is created. Now add its schools."), "success")
    return redirect(url_for("networks.show", network_id=network.id))


@bp.get("/<int:network_id>")
@login_required
def show(network_id: int):
    return network_page(network_id)


@bp.post("/<int:network_id>/region")
@login_required
def add_region(network_id: int):
    form = RegionForm()
    network_for(network_id, current_user, manage=True)
    if not form.region.data:
        return network_page(network_id, 400, region_form=form)
    added = operations.add_region(current_user, network_id, form.region.data)
    flash(ngettext("%(num)d school joined the network.", "%(num)d schools joined the network.", added), "success")
    return redirect(url_for("networks.show", network_id=network_id))


@bp.post("/<int:network_id>/csv")
@login_required
def preview_csv(network_id: int):
    """The per-row report of the pasted ids; nothing is added until it is confirmed."""
    form = CsvForm()
    network_for(network_id, current_user, manage=True)
    if not form.validate_on_submit():
        return network_page(network_id, 400, csv_form=form)
    report = operations.read_csv(current_user, network_id, form.content.data)
    return network_page(network_id, report=report, csv_form=form)


@bp.post("/<int:network_id>/csv/confirm")
@login_required
def confirm_csv(network_id: int):
    form = CsvForm()
    network_for(network_id, current_user, manage=True)
    if not form.validate_on_submit():
        return network_page(network_id, 400, csv_form=form)
    report = operations.read_csv(current_user, network_id, form.content.data, apply=True)
    added = sum(1 for row in report if row.problem is None)
    flash(ngettext("%(num)d school joined the network.", "%(num)d schools joined the network.", added), "success")
    return redirect(url_for("networks.show", network_id=network_id))


@bp.post("/<int:network_id>/leads")
@login_required
def name_lead(network_id: int):
    form = LeadForm()
    network_for(network_id, current_user, manage=True)
    if not form.validate_on_submit():
        return network_page(network_id, 400, lead_form=form)
    try:
        with db.session.begin_nested():
            operations.name_lead(current_user, network_id, form.email.data)
    except NetworkInvalid as problem:
        form.email.errors = [problem.message]
        return network_page(network_id, 422, lead_form=form)
    flash(_("The lead now sees the network's schools and their progress."), "success")
    return redirect(url_for("networks.show", network_id=network_id))


@bp.post("/<int:network_id>/message")
@login_required
def message(network_id: int):
    """E-mail the admins of the network's schools (its leads and coordinators)."""
    form = MessageForm()
    network_for(network_id, current_user)
    if not form.validate_on_submit():
        return network_page(network_id, 400, message_form=form)
    _sent, recipients = send_message(current_user, network_id, form.subject.data, form.body.data)
    flash(
        ngettext(
            "Your message goes to %(num)d school administrator, by e-mail.",
            "Your message goes to %(num)d school administrators, by e-mail.",
            recipients,
        ),
        "success",
    )
    return redirect(url_for("networks.show", network_id=network_id))


@bp.get("/<int:network_id>/progress")
@login_required
def progress(network_id: int):
    """The network's figures, as the coordinators' dashboard shows them, scoped to its schools."""
    network = network_for(network_id, current_user)
    figures = network_figures(current_user, network_id)
    return render_template("networks/progress.html", network=network, figures=figures)


from accreditation.pages.networks import documents  # noqa: E402,F401  (its routes register on bp)
