"""``/api/v1``: documents a school network shares (a model policy…) and a school's adoption of one as its own
evidence (a copy it then edits, its origin kept), the same operations as ``accreditation.networks.documents``; and a
school's opt-in to the public page of certified schools by region (``certificates.regions_page``)."""

from __future__ import annotations

from accreditation.access import get_school
from accreditation.api.auth import authenticated, caller
from accreditation.api.description import bp
from accreditation.api.network_schemas import (
    AdoptSchema,
    RegionsPageSchema,
    SharedDocumentSchema,
    SharedDocumentUploadSchema,
)
from accreditation.assessment.documents import Upload
from accreditation.certificates.regions_page import set_regions_page
from accreditation.extensions import db
from accreditation.models import Document, NetworkDocument
from accreditation.networks.documents import (
    adopt_document,
    network_documents,
    share_document,
    shared_with_school,
)

TAGS = ["networks"]


def _json(shared: NetworkDocument) -> dict:
    fields = ("id", "network_id", "title", "filename", "media_type", "size")
    return {name: getattr(shared, name) for name in fields}


@bp.route("/networks/<int:network_id>/documents", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SharedDocumentSchema(many=True))
@bp.errors(404)
def list_network_documents(network_id: int):
    """The documents the network shares, the latest first (its leads and coordinators)."""
    return [_json(row) for row in network_documents(caller(), network_id)]


@bp.route("/networks/<int:network_id>/documents", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(SharedDocumentUploadSchema, location="multipart")
@bp.response(201, SharedDocumentSchema)
@bp.errors(404, 413, 422)
def share_network_document(form: dict, network_id: int):
    """Share a file with the network's schools (its leads and coordinators)."""
    storage = form["file"]
    upload = Upload(content=storage.stream, filename=storage.filename or "")
    return _json(share_document(caller(), network_id, upload, form["title"]))


@bp.route("/schools/<int:school_id>/network-documents", methods=["GET"], tags=TAGS)
@authenticated
@bp.response(200, SharedDocumentSchema(many=True))
@bp.errors(403, 404)
def list_documents_shared_with_school(school_id: int):
    """The documents the school's networks share with it (whoever may see the school)."""
    school = get_school(school_id, caller())
    return [_json(row) for row in shared_with_school(school.id)]


@bp.route("/applications/<int:application_id>/documents/adopt", methods=["POST"], tags=TAGS)
@authenticated
@bp.arguments(AdoptSchema)
@bp.response(201, AdoptSchema)
@bp.errors(403, 404, 409, 413, 422)
def adopt_network_document(data: dict, application_id: int):
    """Copy a document the school's network shares into the application's documents (the school's members, while
    the self-assessment is open); the copy is the school's own to edit, its origin kept."""
    version = adopt_document(caller(), application_id, data["network_document_id"])
    document = db.session.get(Document, version.document_id)
    return {"document_id": document.id, "file_id": version.id, "origin": document.origin_title}


@bp.route("/schools/<int:school_id>/regions-page", methods=["GET"], tags=["certificates"])
@authenticated
@bp.response(200, RegionsPageSchema)
@bp.errors(403, 404)
def get_regions_page(school_id: int):
    """Whether the school opted in to the public page of certified schools by region (off by default)."""
    return {"shown": get_school(school_id, caller()).on_regions_page}


@bp.route("/schools/<int:school_id>/regions-page", methods=["PUT"], tags=["certificates"])
@authenticated
@bp.arguments(RegionsPageSchema)
@bp.response(200, RegionsPageSchema)
@bp.errors(403, 404)
def update_regions_page(body: dict, school_id: int):
    """Opt in to (or out of) the public page of certified schools by region (the school's admins)."""
    school = set_regions_page(get_school(school_id, caller()), body["shown"], caller())
    return {"shown": school.on_regions_page}
