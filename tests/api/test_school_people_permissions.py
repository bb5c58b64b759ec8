"""Who may call the school's people, certificate and export routes: every route × every role of
``tests.api.builders.ROLES``, with the expected status in each cell (the table of tests/api/test_permissions.py).

A write that succeeds once (removing a member, revoking an invitation) gets its own object for each role, so each
cell says what that role may do, not what the role before it left behind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accreditation.accounts.invitations import invite
from accreditation.accounts.users import create_user
from accreditation.certificates.issuing import issue
from accreditation.extensions import db
from accreditation.models import Certificate, School
from accreditation.models.certificate import CertificateKind
from tests.api.builders import HEAD_A, Scene
from tests.api.test_permissions import Row, _statuses, _table
from tests.applications.builders import person

#          anonymous  admin A  staff A  member B  assigned  unassigned  coord in  coord out  admin  lead
SCHOOL_A = (401, 200, 200, 403, 403, 403, 200, 403, 200, 403)
ADMINS_OF_A = (401, 200, 403, 403, 403, 403, 403, 403, 403, 403)


def _school_a(scene: Scene) -> str:
    return f"/schools/{scene.world.school_a}"


def _leaver(scene: Scene, role: str) -> tuple[str, str, dict]:
    """A member of school A for this role to remove."""
    leaver = create_user(
        f"leaver.{role}@example.org", f"Leaver {role}", "school-staff", None, school_id=scene.world.school_a
    )
    db.session.commit()
    return "DELETE", f"{_school_a(scene)}/members/{leaver.id}", {}


def _invitation(scene: Scene, role: str) -> tuple[str, str, dict]:
    """An invitation of school A (by its admin) for this role to revoke."""
    invitation, _token = invite(
        db.session.get(School, scene.world.school_a), person(HEAD_A), f"invited.{role}@example.org"
    )
    db.session.commit()
    return "POST", f"{_school_a(scene)}/invitations/{invitation.id}/revoke", {}


def _issue_certificate(scene: Scene) -> None:
    """A certificate of school A (its CISS application's intermediate one, issued as its job would)."""
    issue(scene.ciss, CertificateKind.INTERMEDIATE)
    db.session.commit()


def _certificate_path(scene: Scene, suffix: str) -> str:
    certificate_id = db.session.scalar(select(Certificate.id).where(Certificate.school_id == scene.world.school_a))
    return f"{_school_a(scene)}/certificates/{certificate_id}/{suffix}"


ROWS = [
    Row("GET /schools/{id}/members", lambda s, r: ("GET", f"{_school_a(s)}/members", {}), SCHOOL_A),
    Row("DELETE /schools/{id}/members/{user_id}", _leaver, (401, 204, 403, 403, 403, 403, 204, 403, 204, 403)),
    Row("GET /schools/{id}/invitations", lambda s, r: ("GET", f"{_school_a(s)}/invitations", {}), ADMINS_OF_A),
    Row(
        "POST /schools/{id}/invitations",
        lambda s, r: ("POST", f"{_school_a(s)}/invitations", {"json": {"email": f"new.{r}@example.org"}}),
        (401, 201, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    Row("POST /schools/{id}/invitations/{id}/revoke", _invitation, (401, 204, 403, 403, 403, 403, 403, 403, 403, 403)),
    Row("GET /schools/{id}/certificates", lambda s, r: ("GET", f"{_school_a(s)}/certificates", {}), SCHOOL_A),
    Row(
        "GET /schools/{id}/certificates/{id}/pdf",
        lambda s, r: ("GET", _certificate_path(s, "pdf"), {}),
        SCHOOL_A,
        prepare=_issue_certificate,
    ),
    Row(
        "GET /schools/{id}/certificates/{id}/credential",
        lambda s, r: ("GET", _certificate_path(s, "credential"), {}),
        SCHOOL_A,
        prepare=_issue_certificate,
    ),
    Row("GET /schools/{id}/public-listing", lambda s, r: ("GET", f"{_school_a(s)}/public-listing", {}), SCHOOL_A),
    Row(
        "PUT /schools/{id}/public-listing",
        lambda s, r: ("PUT", f"{_school_a(s)}/public-listing", {"json": {"listed": False}}),
        (401, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    Row("GET /schools/{id}/export", lambda s, r: ("GET", f"{_school_a(s)}/export", {}), ADMINS_OF_A),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_school_people_route_answers_each_role_with_the_expected_status(app, api, scene, row):
    actual = _statuses(app, api, scene, row)
    assert actual == row.expected, (
        "\nexpected:\n" + _table([(row.name, row.expected)]) + "\nactual:\n" + _table([(row.name, actual)])
    )
