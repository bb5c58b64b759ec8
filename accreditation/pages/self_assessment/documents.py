"""The school's documents of an application: the list with the expected documents, uploads (a first version or a
new one), the criteria a document supports, removal and downloads. Registered on the self-assessment blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accreditation.assessment.documents import (
    Upload,
    documents_of,
    link_criteria,
    readable_file,
    remove_document,
    upload_document,
)
from accreditation.assessment.downloads import document_file_response
from accreditation.assessment.expected_evidence import expected_documents, in_expected_order, upload_prefill
from accreditation.assessment.filetypes import ACCEPT_ATTRIBUTE
from accreditation.assessment.quota import usage as storage_usage
from accreditation.assessment.reads import self_assessment_page
from accreditation.i18n import local
from accreditation.models.document import OTHER_KIND
from accreditation.networks.documents import shared_count
from accreditation.pages.self_assessment.blueprint import bp
from accreditation.pages.self_assessment.forms import LinkForm, NewVersionForm, RemoveDocumentForm, UploadForm
from accreditation.web import refusal_page
from workflows import WorkflowError


def _upload_form_choices(form: UploadForm | LinkForm, framework, with_kind: bool = True) -> None:
    form.criteria.choices = [(c.code, local(c.title)) for c in framework.criteria]
    if with_kind:
        kinds = [(code, local(kind.title)) for code, kind in framework.documents.items()]
        form.kind.choices = [*kinds, (OTHER_KIND, _("Other evidence"))]


def _start_upload(framework, kind: str | None, criterion: str | None) -> UploadForm:
    """The upload form opened from a criterion's expected evidence (or an expected document): its kind chosen and
    every criterion expecting that kind ticked (the person may untick them)."""
    form = UploadForm()
    start = upload_prefill(framework, kind, criterion)
    form.kind.data = start.kind
    form.criteria.data = list(start.criteria)
    form.from_criterion.data = criterion if criterion and framework.criterion(criterion) else ""
    return form


def _documents_page(
    application_id: int,
    form: UploadForm | None = None,
    error=None,
    status: int = 200,
    prefill: tuple[str | None, str | None] = (None, None),
):
    page = self_assessment_page(application_id, current_user)
    form = form or _start_upload(page.framework, *prefill)
    _upload_form_choices(form, page.framework)
    documents = documents_of(application_id)
    link_form = LinkForm()
    _upload_form_choices(link_form, page.framework, with_kind=False)
    html = render_template(
        "self_assessment/documents.html",
        page=page,
        documents=in_expected_order(page.framework, documents),
        expected=expected_documents(page.framework, documents),
        opened_from=page.framework.criterion(form.from_criterion.data or ""),
        storage=storage_usage(application_id),
        form=form,
        version_form=NewVersionForm(),
        link_form=link_form,
        remove_form=RemoveDocumentForm(),
        accept=ACCEPT_ATTRIBUTE,
        error=error,
        network_shared=shared_count(page.space.application.school_id),
    )
    return html, status


def _read_upload(field) -> Upload:
    """The uploaded file as the request spooled it (to disk when large): streamed into the store, never read whole
    into memory; the request's size limit (MAX_CONTENT_LENGTH) bounds it."""
    storage = field.data
    return Upload(content=storage.stream, filename=storage.filename or "")


@bp.route("/applications/<int:application_id>/documents")
@login_required
def documents(application_id: int):
    """The documents; ``?kind=…&criterion=…`` (the buttons beside a criterion's expected evidence) starts the
    upload form with them."""
    prefill = (request.args.get("kind", "")[:60] or None, request.args.get("criterion", "")[:60] or None)
    return _documents_page(application_id, prefill=prefill)


def _documents_refused(error: WorkflowError, application_id: int, **_view_args: object) -> str:
    """The documents page again, saying why; a refused first upload keeps what was typed in its form."""
    form = UploadForm() if request.endpoint == "self_assessment.upload" else None
    return _documents_page(application_id, form, error)[0]


@bp.post("/applications/<int:application_id>/documents")
@refusal_page(_documents_refused)
@login_required
def upload(application_id: int):
    form = UploadForm()
    page = self_assessment_page(application_id, current_user)
    _upload_form_choices(form, page.framework)
    if not form.validate():
        return _documents_page(application_id, form, status=422)
    version = upload_document(
        application_id,
        current_user,
        _read_upload(form.file),
        kind=form.kind.data,
        title=form.title.data or "",
        criterion_codes=form.criteria.data or [],
    )
    flash(_("Uploaded: %(name)s.", name=version.filename), "success")
    back = page.framework.criterion(form.from_criterion.data or "")
    if back is not None:  # opened from a criterion of the self-assessment: back to it
        anchor = f"criterion-{back.code}"
        return redirect(url_for(".answers", application_id=application_id, area=back.area, _anchor=anchor))
    return redirect(url_for(".documents", application_id=application_id))


@bp.post("/applications/<int:application_id>/documents/<int:document_id>/versions")
@refusal_page(_documents_refused)
@login_required
def upload_version(application_id: int, document_id: int):
    form = NewVersionForm()
    if not form.validate():
        return _documents_page(application_id, error=WorkflowError(_("Please choose a file to upload.")), status=422)
    version = upload_document(application_id, current_user, _read_upload(form.file), document_id=document_id)
    flash(_("Uploaded version %(version)s: %(name)s.", version=version.version, name=version.filename), "success")
    return redirect(url_for(".documents", application_id=application_id))


@bp.post("/applications/<int:application_id>/documents/<int:document_id>/criteria")
@refusal_page(_documents_refused)
@login_required
def link(application_id: int, document_id: int):
    form = LinkForm()
    if not form.validate():
        return _documents_page(application_id, error=WorkflowError(_("The form expired; reload the page.")), status=400)
    document = link_criteria(document_id, current_user, form.criteria.data or [], application_id)
    flash(_("The criteria of “%(title)s” are saved.", title=document.title), "success")
    return redirect(url_for(".documents", application_id=application_id))


@bp.post("/applications/<int:application_id>/documents/<int:document_id>/remove")
@refusal_page(_documents_refused)
@login_required
def remove(application_id: int, document_id: int):
    form = RemoveDocumentForm()
    if not form.validate():
        if "csrf_token" in form.errors:
            error = WorkflowError(_("The form expired; reload the page."))
            return _documents_page(application_id, error=error, status=400)
        return _documents_page(application_id, error=WorkflowError(form.understood.errors[0]), status=422)
    remove_document(application_id, document_id, current_user)
    flash(_("The document was removed."), "success")
    return redirect(url_for(".documents", application_id=application_id))


@bp.route("/documents/files/<int:file_id>")
@login_required
def download(file_id: int):
    """A document version, always as an attachment, or inline (``?inline=1``) for a PDF, sandboxed."""
    document_file, _application = readable_file(file_id, current_user)
    return document_file_response(document_file, inline=request.args.get("inline") == "1")
