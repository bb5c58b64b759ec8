"""The response that hands out a stored document version, for the page and the API alike: streamed from storage,
always an attachment except a PDF asked for inline (then sandboxed), never cached, never sniffed, and written to
the audit log (``accreditation.audit``)."""

from __future__ import annotations

from flask import Response, send_file

from accreditation.assessment.filetypes import PDF_TYPE
from accreditation.audit import record_read
from accreditation.models import DocumentFile
from accreditation.storage import open_stored

SANDBOX = "sandbox; default-src 'none'; frame-ancestors 'self'"


def document_file_response(document_file: DocumentFile, inline: bool = False) -> Response:
    """``document_file`` as a download (``inline``: shown in the browser, for a PDF only)."""
    inline = inline and document_file.media_type == PDF_TYPE.media_type
    record_read(
        "document_version",
        document_file=document_file.id,
        document=document_file.document_id,
        version=document_file.version,
    )
    response = send_file(
        open_stored(document_file.storage_key, document_file.sha256),  # streamed, its SHA-256 checked at the end
        mimetype=document_file.media_type,
        as_attachment=not inline,
        download_name=document_file.filename,
        etag=document_file.sha256,
        max_age=0,
    )
    response.content_length = document_file.size
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
