"""Tasks that report on the worker itself."""

from __future__ import annotations

from celery import shared_task
from sqlalchemy import text

from accreditation.extensions import db


@shared_task(ignore_result=False)
def ping() -> dict[str, str]:
    """Answer with the database dialect the worker reached: proves the broker, the worker and the database."""
    db.session.execute(text("SELECT 1"))
    return {"answer": "pong", "database": db.engine.dialect.name}
