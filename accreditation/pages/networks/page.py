"""A network's page as drawn by its views and their refusals: its schools' progress, its shared documents, the
message form and, for its coordinators, the forms that add schools and name leads."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from accreditation.applications.runtime import current_workflows
from accreditation.assessment.filetypes import ACCEPT_ATTRIBUTE
from accreditation.assessment.quota import network_usage
from accreditation.dashboard.filters import Scope
from accreditation.dashboard.presentation import choices
from accreditation.i18n import local
from accreditation.networks import operations
from accreditation.networks.access import may_manage, network_for
from accreditation.networks.documents import network_documents
from accreditation.pages.networks.forms import (
    CsvForm,
    LeadForm,
    MessageForm,
    RegionForm,
    ShareForm,
    WithdrawForm,
)


def _state(programme_code: str | None, state: str | None) -> str:
    if programme_code is None or state is None:
        return _("Not started")
    programme = current_workflows().programmes.get(programme_code)
    found = programme.states.get(state) if programme else None
    name = local(programme.name) if programme else programme_code
    return f"{name}: {local(found.label) if found else state}"


def network_page(
    network_id: int,
    status: int = 200,
    report=None,
    csv_form: CsvForm | None = None,
    share_error: str | None = None,
    **forms,
):
    """The page's HTML and status; ``forms`` hold a form posted back with its errors (``region_form``,
    ``lead_form``, ``message_form``, ``share_form``)."""
    network = network_for(network_id, current_user)
    manages = may_manage(current_user, network)
    rows = [(p, _state(p.programme, p.state)) for p in operations.progress(current_user, network_id)]
    region_form = forms.get("region_form") or RegionForm(formdata=None)
    country = next((c for c in choices(Scope.of(current_user)) if c.code == network.country_code), None)
    region_form.region.choices = list(country.regions) if country else []
    return render_template(
        "networks/show.html",
        network=network,
        manages=manages,
        rows=rows,
        region_form=region_form,
        csv_form=csv_form or CsvForm(formdata=None),
        lead_form=forms.get("lead_form") or LeadForm(formdata=None),
        message_form=forms.get("message_form") or MessageForm(formdata=None),
        share_form=forms.get("share_form") or ShareForm(formdata=None),
        withdraw_form=WithdrawForm(formdata=None),
        shared=network_documents(current_user, network_id),
        space=network_usage(network.id),
        share_error=share_error,
        accept=ACCEPT_ATTRIBUTE,
        report=report,
    ), status
