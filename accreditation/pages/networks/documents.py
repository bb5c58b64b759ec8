"""The documents a network shares, on pages: its leads and coordinators share one (a checked upload) and withdraw
it; a school's people see, beside their documents, what their networks share, open it, and adopt it as their own (a
copy they then edit, its origin kept). Registered on the networks blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.assessment.answers import workspace
from accreditation.assessment.documents import Upload
from accreditation.networks.access import network_for
from accreditation.networks.documents import (
    adopt_document,
    adopted_copies,
    network_documents,
    offered_document,
    readable_document,
    share_document,
    shared_file_response,
    shared_with_school,
    withdraw_document,
)
from accreditation.networks.errors import NetworkNotFound
from accreditation.pages.networks.blueprint import bp
from accreditation.pages.networks.forms import AdoptForm, ShareForm, WithdrawForm
from accreditation.pages.networks.page import network_page
from accreditation.web import refusal_page
from workflows import WorkflowError


def _share_refused(error: WorkflowError, network_id: int, **_view_args: object) -> str:
    """The network's page again, the reason above the share form (the title typed kept)."""
    return network_page(network_id, share_form=ShareForm(), share_error=error.message)[0]


@bp.post("/<int:network_id>/documents")
@refusal_page(_share_refused)
@login_required
def share(network_id: int):
    form = ShareForm()
    if not form.validate_on_submit():
        return network_page(network_id, 400 if "csrf_token" in form.errors else 422, share_form=form)
    storage = form.file.data
    shared = share_document(
        current_user, network_id, Upload(content=storage.stream, filename=storage.filename or ""), form.title.data
    )
    flash(_("Shared with the network’s schools: %(title)s.", title=shared.title), "success")
    return redirect(url_for("networks.show", network_id=network_id, _anchor="shared-documents"))


@bp.post("/<int:network_id>/documents/<int:document_id>/withdraw")
@login_required
def withdraw(network_id: int, document_id: int):
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(
            _("The form expired; reload the page.") if "csrf_token" in form.errors else form.understood.errors[0],
            "error",
        )
        network_for(network_id, current_user)  # who may not see the network gets its 404, not the flash
        if all(shared.id != document_id for shared in network_documents(current_user, network_id)):
            raise NetworkNotFound(_("The network shares no such document."))  # nor of a document it does not share
        return redirect(url_for("networks.show", network_id=network_id, _anchor="shared-documents"))
    shared = withdraw_document(current_user, network_id, document_id)
    flash(_("The schools no longer see “%(title)s”.", title=shared.title), "success")
    return redirect(url_for("networks.show", network_id=network_id, _anchor="shared-documents"))


@bp.get("/documents/<int:document_id>/file")
@login_required
def download(document_id: int):
    """A shared document, as an attachment, for its network's leads and coordinators."""
    return shared_file_response(readable_document(current_user, document_id))


@bp.get("/for-application/<int:application_id>/file/<int:document_id>")
@login_required
def offered_file(application_id: int, document_id: int):
    """A document the school's networks share, as an attachment, for whoever sees the application's documents."""
    space = workspace(application_id, current_user)
    return shared_file_response(offered_document(space.application.school_id, document_id))


def _shared_page(application_id: int, error: WorkflowError | None = None, status: int = 200):
    space = workspace(application_id, current_user)
    return render_template(
        "networks/shared.html",
        space=space,
        application=space.application,
        shared=shared_with_school(space.application.school_id),
        adopted=adopted_copies(application_id),
        adopt_form=AdoptForm(formdata=None),
        error=error,
    ), status


@bp.get("/for-application/<int:application_id>")
@login_required
def shared(application_id: int):
    """What the school's networks share, for this application's documents (whoever may see them)."""
    return _shared_page(application_id)


def _adopt_refused(error: WorkflowError, application_id: int, **_view_args: object) -> str:
    return _shared_page(application_id, error)[0]


@bp.post("/for-application/<int:application_id>/adopt/<int:document_id>")
@refusal_page(_adopt_refused)
@login_required
def adopt(application_id: int, document_id: int):
    form = AdoptForm()
    if not form.validate_on_submit():
        return _shared_page(application_id, WorkflowError(_("The form expired; reload the page.")), 400)
    version = adopt_document(current_user, application_id, document_id)
    flash(
        _(
            "Adopted: “%(title)s” is now among your school’s documents; edit it as your own.",
            title=version.document.title,
        ),
        "success",
    )
    return redirect(
        url_for("self_assessment.documents", application_id=application_id, _anchor=f"document-{version.document_id}")
    )
