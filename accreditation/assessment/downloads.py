"""The responses that hand out stored files (a document version, a network's shared document), for the page and
the API alike: streamed from storage, always an attachment except a PDF asked for inline (then sandboxed), never
cached, never sniffed, and written to the audit log (``accreditation.audit``)."""

from __future__ import annotations

from typing import Protocol

from flask import Response, send_file

from accreditation.assessment.filetypes import PDF_TYPE
from accreditation.audit import record_read
from accreditation.models import DocumentFile
from accreditation.storage import open_stored

SANDBOX = "sandbox; default-src 'none'; frame-ancestors 'self'"


class StoredFile(Protocol):
    """What a stored file's row says of it."""

    storage_key: str
    sha256: str
    media_type: str
    filename: str
    size: int


def document_file_response(document_file: DocumentFile, inline: bool = False) -> Response:
    """``document_file`` as a download (``inline``: shown in the browser, for a PDF only)."""
    inline = inline and document_file.media_type == PDF_TYPE.media_type
    record_read(
        "document_version",
        document_file=document_file.id,
        document=document_file.document_id,
        version=document_file.version,
    )
    return stored_file_response(document_file, as_attachment=not inline)


def stored_file_response(stored: StoredFile, as_attachment: bool = True) -> Response:
    """A stored file (a document version, a network's shared document) streamed from storage with its SHA-256
    checked at the end: never cached, never sniffed, sandboxed."""
    response = send_file(
        open_stored(stored.storage_key, stored.sha256),
        mimetype=stored.media_type,
        as_attachment=as_attachment,
        download_name=stored.filename,
        etag=stored.sha256,
        max_age=0,
    )
    response.content_length = stored.size
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
