"""Recognising an upload from its content, never its name: PDF, DOCX, ODT, PNG or JPEG. Word and OpenDocument
files are zip archives: they are opened and every member is actually decompressed under a cap, so a zip bomb
(or an archive that lies about its sizes) is refused before anything is stored."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from flask_babel import gettext as _

from accreditation.assessment.errors import UploadRefused

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
MAX_ZIP_MEMBERS = 5_000
MAX_NAME_CHARS = 120
_CHUNK = 1 << 16


@dataclass(frozen=True)
class FileType:
    media_type: str
    extension: str
    label: str


PDF_TYPE = FileType("application/pdf", ".pdf", "PDF")
PNG_TYPE = FileType("image/png", ".png", "PNG")
JPEG_TYPE = FileType("image/jpeg", ".jpg", "JPEG")
DOCX_TYPE = FileType(DOCX, ".docx", "Word (DOCX)")
ODT_TYPE = FileType(ODT, ".odt", "OpenDocument text (ODT)")
ALLOWED_TYPES = (PDF_TYPE, DOCX_TYPE, ODT_TYPE, PNG_TYPE, JPEG_TYPE)
ACCEPT_ATTRIBUTE = ",".join(t.extension for t in ALLOWED_TYPES) + ",.jpeg"


def recognise(content: bytes | IO[bytes], max_unpacked_bytes: int) -> FileType:
    """The type of ``content`` (bytes, or a seekable stream at its start); UploadRefused saying why when it is none
    of the allowed ones."""
    if not isinstance(content, bytes | bytearray):
        head = content.read(8)
        content.seek(0)
        if head.startswith(b"PK\x03\x04"):
            return _office_document(content, max_unpacked_bytes)
        content = head
    if not content:
        raise UploadRefused(_("The file is empty; nothing was stored."))
    if content.startswith(b"%PDF-"):
        return PDF_TYPE
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG_TYPE
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG_TYPE
    if content.startswith(b"PK\x03\x04"):
        return _office_document(content, max_unpacked_bytes)
    raise UploadRefused(
        _(
            "This file is not a PDF, Word (DOCX), OpenDocument text (ODT), PNG or JPEG file: its content was "
            "checked, not its name. Nothing was stored."
        )
    )


def _office_document(content: bytes | IO[bytes], max_unpacked_bytes: int) -> FileType:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content) if isinstance(content, bytes | bytearray) else content)
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise UploadRefused(_("The document holds too many parts to be a real document; nothing was stored."))
        unpacked = 0
        for member in members:
            if member.file_size > max_unpacked_bytes:
                raise _bomb()
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > max_unpacked_bytes:
                        raise _bomb()
        names = {member.filename for member in members}
        if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
            return ODT_TYPE
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX_TYPE
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, EOFError, OSError):
        raise UploadRefused(_("The file is a damaged or encrypted archive; nothing was stored.")) from None
    raise UploadRefused(_("The file is a zip archive, not a Word (DOCX) or OpenDocument text (ODT) document."))


def _bomb() -> UploadRefused:
    return UploadRefused(_("The document expands to far more than its size (a zip bomb?); nothing was stored."))


def clean_filename(name: str, file_type: FileType) -> str:
    """The name a person gave the file, kept readable (any script) but safe: no folders, no control characters,
    the extension of the type found in the content. UploadRefused for a name with a slash (a path, or markup
    such as ``</script>``), which no file chosen in a browser has."""
    if "/" in name or "\\" in name:
        raise UploadRefused(
            _(
                "The file name contains a slash (/ or \\), which a file name may not contain; nothing was stored. "
                "Rename the file and upload it again."
            )
        )
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\s().,-]+", "_", stem, flags=re.UNICODE)
    stem = re.sub(r"\s+", " ", stem).strip(" ._") or "document"
    return stem[:MAX_NAME_CHARS] + file_type.extension
