"""What happens to the certificate PDFs stored in a transaction when it ends: a rolled-back transaction leaves no
stored PDF behind, a committed one keeps them. (The certificate e-mails it created are dispatched after the commit by
``accreditation.deliveries.dispatch``.)"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from accreditation import storage
from accreditation.extensions import db

log = logging.getLogger(__name__)

STORED_KEYS = "certificate_pdf_keys"  # in Session.info: files stored in the current transaction


def discard_on_rollback(key: str) -> None:
    """Remove the stored file ``key`` again if the current transaction rolls back."""
    db.session.info.setdefault(STORED_KEYS, []).append(key)


@event.listens_for(Session, "after_commit")
def _keep_stored_files(session: Session) -> None:
    session.info.pop(STORED_KEYS, None)


@event.listens_for(Session, "after_soft_rollback")
def _discard_stored_files(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.nested:
        return
    for key in session.info.pop(STORED_KEYS, []):
        try:
            storage.discard(key)
        except Exception:  # noqa: BLE001 (a leftover file is harmless; the rollback must go on)
            log.warning("could not discard the stored file %s after a rollback", key)
