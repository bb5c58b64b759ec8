"""Status-list positions are not certificate ids (issue 31): each certificate's entry in the published lists is a
position drawn at random among the free ones when it is issued, unique, in a list of at least 131,072 entries that
grows before it is half full; the migration gives the certificates already issued such positions too."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, select, text

from accreditation.certificates.codes import code_for
from accreditation.certificates.issuing import issue
from accreditation.certificates.status_list import list_size
from accreditation.config import PROJECT_ROOT
from accreditation.extensions import db
from accreditation.models import Certificate
from accreditation.models import status_positions as positions
from accreditation.models.certificate import CertificateKind
from accreditation.models.status_positions import MINIMUM_BITS, list_bits, room
from tests.certificates.builders import award, certified
from tests.ministry.index_fixture import build_country


def test_the_list_grows_before_it_is_half_full():
    assert list_bits(None) == MINIMUM_BITS == 131_072
    assert list_bits(MINIMUM_BITS - 1) == MINIMUM_BITS and list_bits(MINIMUM_BITS) == 2 * MINIMUM_BITS
    assert room(0, None) == MINIMUM_BITS
    assert room(MINIMUM_BITS // 2 - 1, None) == MINIMUM_BITS  # the 65,536th certificate still fits half the list
    assert room(MINIMUM_BITS // 2, None) == 2 * MINIMUM_BITS  # the next one would fill it past half: it grows
    assert room(3, 200_000) == 2 * MINIMUM_BITS  # never shorter than the list already published


def test_two_certificates_issued_in_a_row_get_random_unique_positions(app, client, world, evidence):
    with app.app_context():
        first, second = certified(world, "ciss", "a"), certified(world, "ciss", "b")
        ids, found = (first.id, second.id), (first.status_position, second.status_position)
        code = code_for(second.verification_id)
        assert abs(found[0] - found[1]) != 1  # consecutive: about 2 in 131,072 by chance
        assert found != ids and len(set(found)) == 2
        assert all(0 <= position < MINIMUM_BITS for position in found)
        assert list_size() == MINIMUM_BITS
    credential = client.get(f"/verify/{code}/credential.json").get_json(force=True)
    for entry in credential["credentialStatus"]:
        assert entry["statusListIndex"] == str(found[1])
        assert urlsplit(entry["id"]).fragment == str(found[1])


def test_positions_are_unique_and_spread_over_the_list(app):
    with app.app_context():
        build_country()  # six certificates written row by row: the column's draw gives each its position
        drawn = sorted(db.session.scalars(select(Certificate.status_position)))
    assert len(drawn) == len(set(drawn)) == 6
    gaps = [b - a for a, b in zip(drawn, drawn[1:], strict=False)]
    assert max(gaps) > 1_000  # six draws from 131,072 all within a thousand of each other: about 1e-11


def test_a_draw_meeting_a_taken_position_draws_again(app, monkeypatch):
    with app.app_context():
        build_country()
        taken = db.session.scalar(select(Certificate.status_position).limit(1))
        free = next(n for n in range(MINIMUM_BITS) if n != taken and n not in set(_all_positions()))
        tries = iter([taken, taken, free])
        monkeypatch.setattr(positions.secrets, "randbelow", lambda size: next(tries))
        assert positions.draw(db.session.connection()) == free


def test_issuing_draws_again_when_another_certificate_took_the_position_at_the_same_moment(
    app, world, evidence, monkeypatch
):
    with app.app_context():
        earlier = certified(world, "ciss", "a")
        taken = earlier.status_position
        application_id = award(world, "ciss", "b")
        real_draw = positions.draw
        draws = iter([lambda _connection: taken, real_draw])  # the first as if drawn before the other committed
        monkeypatch.setattr(positions, "draw", lambda connection: next(draws)(connection))
        certificate = issue(application_id, CertificateKind.AWARD)
        assert certificate.application_id == application_id
        assert certificate.status_position != taken
        assert len(set(_all_positions())) == 2


def _all_positions() -> list[int]:
    return list(db.session.scalars(select(Certificate.status_position)))


def _round_trip(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.ministry.status_positions_round_trip", url],
        cwd=PROJECT_ROOT,
        env={**os.environ, "APP_ENV": "testing"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_migration_gives_the_certificates_issued_random_positions_on_sqlite(tmp_path):
    done = _round_trip(f"sqlite:///{tmp_path / 'positions.sqlite'}")
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]


@pytest.mark.postgres
def test_the_migration_gives_the_certificates_issued_random_positions_on_postgresql():
    url = re.sub(r"^postgresql(\+\w+)?://", "postgresql+psycopg://", os.environ["TEST_DATABASE_URL"])
    name = f"{url.rsplit('/', 1)[1]}_positions"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        done = _round_trip(f"{url.rsplit('/', 1)[0]}/{name}")
        assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        server.dispose()
