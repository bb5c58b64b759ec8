"""No ``pool_pre_ping`` (a round trip on every checkout, every request paid it): a connection the server dropped
fails one request at most, SQLAlchemy sees the disconnect and replaces the pool's connections, the next request
works. PostgreSQL only: the test ends the pool's connections from the server's side (pg_terminate_backend)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from accreditation.extensions import db
from tests.builders import sign_in

pytestmark = pytest.mark.postgres

IDLE_POOL_CONNECTIONS = text(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
    "AND state = 'idle' AND application_name = ''"
)


def _status(client, path: str) -> int:
    """The page's status; 500 when the failure reaches the test client (testing propagates exceptions)."""
    try:
        return client.get(path).status_code
    except DBAPIError:
        return 500


def test_the_pool_does_not_ping_on_checkout(app):
    with app.app_context():
        assert not db.engine.pool._pre_ping


def test_a_connection_killed_by_the_server_fails_one_request_at_most(app, client, world, database_url):
    sign_in(client, world.emails["school_admin_a"])
    page = f"/schools/{world.school_a}"
    for _ in range(3):  # several connections in the pool, all idle afterwards
        assert client.get(page).status_code == 200

    killer = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with killer.connect() as connection:
        ended = connection.execute(IDLE_POOL_CONNECTIONS).scalars().all()
    killer.dispose()
    assert ended and all(ended), "no pooled connection was ended: the test would prove nothing"

    statuses = [_status(client, page) for _ in range(4)]
    assert statuses[0] in (200, 500)
    assert statuses[1:] == [200, 200, 200], statuses
