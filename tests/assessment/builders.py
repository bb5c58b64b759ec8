"""Builders for the self-assessment tests: applications ready to be answered, answers, files of every type."""

from __future__ import annotations

import io
import zipfile

from accreditation.applications import current_workflows
from accreditation.assessment.answers import AnswerInput, save_answers, workspace
from accreditation.assessment.documents import Upload, upload_document
from accreditation.extensions import db
from tests.applications.builders import complete_modules, fire_as, person, start
from tests.builders import World

HEAD_A = "head.a@example.org"
STAFF_A = "staff.a@example.org"
GOOD_COMMENTARY = "Our policy was adopted by the governors in March; the training log and the survey are uploaded."

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"  # noqa: E501
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
SCRIPT = b"#!/bin/sh\necho 'I am not a PDF'\nrm -rf /\n"


def docx_bytes(text: str = "Acceptable use policy") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", f"<w:document><w:body><w:t>{text}</w:t></w:body></w:document>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def zip_bomb_docx(unpacked_mb: int = 300) -> bytes:
    """A DOCX-looking archive whose one member expands to ``unpacked_mb`` MB of zeros (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (1 << 20)
            for _ in range(unpacked_mb):
                member.write(block)
    return buffer.getvalue()


def ready_for_answers(world: World, programme: str = "esafety-label") -> int:
    """An application of school A in its self-assessment state, committed."""
    application_id = start(world, programme)
    if programme == "ciss":
        fire_as(application_id, "accept", "coord.md@example.org")
        complete_modules(application_id, HEAD_A)
    fire_as(application_id, "start_self_assessment", HEAD_A)
    return application_id


def framework_of(programme: str = "esafety-label"):
    workflows = current_workflows()
    return workflows.framework_of(workflows.programme(programme))


def answer_all(application_id: int, email: str = HEAD_A, level: int | None = None) -> None:
    """Answer every criterion (at its benchmark unless ``level`` is given), with a good commentary; commit."""
    space = workspace(application_id, person(email), start=True)
    items = []
    for criterion in space.framework.criteria:
        current = space.answers().get(criterion.code)
        items.append(
            AnswerInput(
                criterion.code,
                criterion.benchmark if level is None else level,
                GOOD_COMMENTARY,
                current.revision if current else 0,
            )
        )
    result = save_answers(application_id, person(email), items)
    assert not result.conflicts
    db.session.commit()


def upload_required(application_id: int, email: str = HEAD_A) -> None:
    """Upload one PDF for every required document kind; commit."""
    space = workspace(application_id, person(email))
    for kind in space.framework.required_documents:
        upload_document(application_id, person(email), Upload(PDF, f"{kind.code}.pdf"), kind=kind.code)
    db.session.commit()
