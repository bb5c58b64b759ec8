"""The school dashboard's certificates section reads plain rows (certificates/school_lines.py, issue 27): every
status it shows is the one ``standing()`` gives the Certificate entity (valid, suspended, reinstated, revoked
before its job ran, expired by date), read by one statement without entities or lazy loads; the listing choice is a
plain form whose token and value work."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select, update

from accreditation.certificates.school_lines import certificate_lines
from accreditation.certificates.status import standing
from accreditation.extensions import db
from accreditation.models import Certificate, School
from accreditation.models.time import utcnow
from tests.applications.builders import fire_as
from tests.builders import csrf_token, sign_in
from tests.certificates.builders import COORDINATORS, certified

LABELS = {"valid": "Valid", "expired": "Expired", "revoked": "Revoked", "suspended": "Suspended", "ended": "Ended"}


def _same_as_standing(school_id: int) -> list[str]:
    """The lines' statuses, checked against standing() of the entities (same order, same codes)."""
    now = utcnow()
    lines = certificate_lines(school_id, now)
    entities = db.session.scalars(
        select(Certificate)
        .where(Certificate.school_id == school_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    ).all()
    assert [line.id for line in lines] == [c.id for c in entities]
    assert [line.status for line in lines] == [standing(c, now).status for c in entities]
    db.session.expire_all()
    return [line.status for line in lines]


def _section(client, school_id: int, seen: list[str] | None = None) -> str:
    page = client.get(f"/schools/{school_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return text[text.index('id="certificates"') :]


def test_each_status_on_the_dashboard_is_the_certificates_standing(app, client, world, evidence):
    with app.app_context():
        certificate = certified(world, "ciss", "a")
        certificate_id, application_id = certificate.id, certificate.application_id
        db.session.remove()
    sign_in(client, "head.a@example.org")
    steps = [
        ("valid", None),
        ("suspended", lambda: fire_as(application_id, "suspend", COORDINATORS["a"], comment="A complaint.")),
        ("valid", lambda: fire_as(application_id, "reinstate", COORDINATORS["a"], comment="Unfounded.")),
        (
            "expired",
            lambda: db.session.execute(
                update(Certificate)
                .where(Certificate.id == certificate_id)
                .values(expires_at=utcnow() - timedelta(days=1))
            ),
        ),
    ]
    for expected, change in steps:
        with app.app_context():
            if change is not None:
                change()
                db.session.commit()
            assert _same_as_standing(world.school_a)[0] == expected
            db.session.remove()
        section = _section(client, world.school_a)
        assert f">{LABELS[expected]}</a>" in section
        assert ("/credential.json" in section) == (expected == "valid")


def test_a_revocation_whose_job_has_not_run_shows_revoked(app, client, world, evidence):
    with app.app_context():
        certificate = certified(world, "ciss", "a")
        fire_as(certificate.application_id, "revoke", COORDINATORS["a"], comment="Not in place.")
        db.session.commit()
        assert _same_as_standing(world.school_a) == ["revoked"]
        db.session.remove()
    sign_in(client, "head.a@example.org")
    assert ">Revoked</a>" in _section(client, world.school_a)


def test_the_section_reads_one_row_statement_and_its_listing_form_works(app, client, world, evidence):
    with app.app_context():
        certified(world, "ciss", "a")
        engine = db.engine
        db.session.remove()
    sign_in(client, "head.a@example.org")
    client.get(f"/schools/{world.school_a}")
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        section = _section(client, world.school_a)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    reads = [s for s in seen if "FROM certificates" in s]
    assert len(reads) == 1 and "LEFT OUTER JOIN applications" in reads[0]
    assert "certificates.pdf_key" not in reads[0]  # the columns shown, not the entity
    assert not [s for s in seen if "FROM applications" in s and "WHERE applications.id" in s]  # no lazy load

    assert 'name="listed" type="hidden" value="0"' in section  # listed by default: the choice is to unlist
    response = client.post(
        f"/schools/{world.school_a}/public-listing", data={"listed": "0", "csrf_token": csrf_token(section)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(School, world.school_a).listed_publicly is False
    section = _section(client, world.school_a)
    assert 'name="listed" type="hidden" value="1"' in section and "List my school publicly" in section
    refused = client.post(f"/schools/{world.school_a}/public-listing", data={"listed": "1"})
    assert refused.status_code == 400  # no token: refused
