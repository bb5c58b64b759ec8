"""``flask certificates archive DEST``: every certificate ever issued, in a self-contained static folder that
verifies them offline in a browser, so an operator that closes can hand it over and no school loses its proof.

The folder holds the issuer's public key (``did.json``, ``jwks.json``), the two signed status lists as of now
(``status/``), each certificate's signed credential (``credentials/<serial>.json``, revoked and expired ones too:
the lists say which), and ``index.html``, whose script (``verify.js``, WebCrypto) checks a code against them. A
browser may not read files beside a page opened from the file system, so ``data.js`` holds the same documents for
the page; the JSON files are for any other verifier.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accreditation.certificates.codes import code_for
from accreditation.certificates.keys import current_issuer
from accreditation.certificates.reads import signed_credential
from accreditation.certificates.rendering import ISSUER_NAME
from accreditation.certificates.status_list import PURPOSES, flagged, status_list_credential
from accreditation.extensions import db
from accreditation.models import Certificate
from accreditation.models.time import utcnow

VERIFIER = Path(__file__).resolve().parent.parent / "static" / "archive" / "verify.js"
BATCH = 500


class ArchiveError(ValueError):
    """The archive cannot be written there; the message is one line."""


def _write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def _credentials() -> dict[str, tuple[str, dict[str, Any]]]:
    """Every certificate's code, serial and signed credential, oldest first."""
    result: dict[str, tuple[str, dict[str, Any]]] = {}
    query = select(Certificate).options(joinedload(Certificate.school)).order_by(Certificate.id)
    for certificate in db.session.scalars(query.execution_options(yield_per=BATCH)):
        result[code_for(certificate.verification_id)] = (certificate.serial, signed_credential(certificate))
    return result


def build_archive(destination: Path, language: str = "en") -> int:
    """Write the archive into ``destination`` (missing or empty); the number of certificates archived."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise ArchiveError(f"{destination} exists and is not an empty folder")
    destination.mkdir(parents=True, exist_ok=True)
    now = utcnow()
    issuer = current_issuer()
    marks = flagged(now)
    lists = {purpose: status_list_credential(purpose, now, issuer, marks=marks) for purpose in PURPOSES}
    credentials = _credentials()
    did_document = issuer.did_document()
    _write_json(destination / "did.json", did_document)
    _write_json(destination / "jwks.json", issuer.jwks())
    for purpose, document in lists.items():
        _write_json(destination / "status" / f"{purpose}.json", document)
    for serial, credential in credentials.values():
        _write_json(destination / "credentials" / f"{serial}.json", credential)
    _write_json(destination / "codes.json", {code: serial for code, (serial, _) in credentials.items()})
    data = {
        "generatedAt": now.isoformat(),
        "issuer": did_document,
        "statusLists": lists,
        "credentials": {code: credential for code, (_, credential) in credentials.items()},
    }
    (destination / "data.js").write_text(
        "window.SSA_ARCHIVE = " + json.dumps(data, ensure_ascii=False) + ";\n", encoding="utf-8"
    )
    shutil.copyfile(VERIFIER, destination / "verify.js")
    with current_app.test_request_context(), force_locale(language):
        page = render_template(
            "credentials/archive_index.html",
            language=language,
            issuer_name=ISSUER_NAME,
            generated_day=format_date(now.date(), format="long"),
        )
    (destination / "index.html").write_text(page, encoding="utf-8")
    return len(credentials)
