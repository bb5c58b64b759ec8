"""An ``Idempotency-Key``'s answer is kept in the transaction of the operation it answers: both are saved, or neither
(a done operation without its answer would let a retry do it twice)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accreditation.api import idempotency
from accreditation.extensions import db
from accreditation.models import Application, IdempotencyKey

KEY = "Idempotency-Key"


class Unreadable:
    """Headers to keep that cannot be read: keeping the answer fails."""

    def __iter__(self):
        raise RuntimeError("the answer could not be kept")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_answer_that_cannot_be_kept_undoes_its_operation_and_a_retry_runs(app, api, world, monkeypatch):
    body = {"school_id": world.school_a, "programme": "ciss"}
    monkeypatch.setattr(idempotency, "KEPT_HEADERS", Unreadable())
    with pytest.raises(RuntimeError):
        api.post("/applications", "school_admin_a", json=body, headers={KEY: "join"})
    with app.app_context():
        assert _count(Application) == 0  # not started without its answer
        assert _count(IdempotencyKey) == 0  # and the key released
    monkeypatch.undo()
    retried = api.post("/applications", "school_admin_a", json=body, headers={KEY: "join"})
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers
    replayed = api.post("/applications", "school_admin_a", json=body, headers={KEY: "join"})
    assert replayed.status_code == 201 and replayed.headers["Idempotent-Replayed"] == "true"


def test_a_refusal_is_kept_with_its_key_and_replayed(app, api, world):
    body = {"school_id": world.school_a, "programme": "ciss"}
    refused = api.post("/applications", "school_staff_a", json=body, headers={KEY: "not-mine"})
    assert refused.status_code == 403
    again = api.post("/applications", "school_staff_a", json=body, headers={KEY: "not-mine"})
    assert again.status_code == 403 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == refused.get_json()
    with app.app_context():
        assert _count(Application) == 0
