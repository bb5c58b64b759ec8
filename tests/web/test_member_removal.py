"""Removing a member who has left a school, through real HTTP requests: the school's admins and its coordinators
may, the person loses the school at once but keeps their account, and nobody removes themselves."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import Membership, User
from tests.builders import csrf_token, sign_in, user_id


def _member_ids(app, school_id: int) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Membership.user_id).where(Membership.school_id == school_id)))


def _remove(client, school_id: int, user_id: int):
    token = csrf_token(client.get(f"/schools/{school_id}/members").get_data(as_text=True))
    return client.post(f"/schools/{school_id}/members/{user_id}/remove", data={"csrf_token": token})


def test_a_school_admin_removes_a_teacher_who_left_and_they_lose_the_school_at_once(app, world):
    school, teacher = world.school_a, user_id(app, world.emails["school_staff_a"])
    leaving = app.test_client()
    sign_in(leaving, world.emails["school_staff_a"])
    assert leaving.get(f"/schools/{school}").status_code == 200

    head = app.test_client()
    sign_in(head, world.emails["school_admin_a"])
    page = head.get(f"/schools/{school}/members").get_data(as_text=True)
    assert f"/members/{teacher}/remove" in page
    assert f"/members/{user_id(app, world.emails['school_admin_a'])}/remove" not in page  # not themselves
    response = _remove(head, school, teacher)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/schools/{school}/members")
    page = head.get(response.headers["Location"]).get_data(as_text=True)
    assert "Staff A is no longer a member of" in page
    assert teacher not in _member_ids(app, school)

    assert leaving.get(f"/schools/{school}").status_code == 403  # the open session no longer reaches the school
    with app.app_context():
        assert db.session.get(User, teacher).active  # the account stays


def test_nobody_removes_themselves_and_a_member_of_another_school_is_not_removed_here(app, world):
    head_a = user_id(app, world.emails["school_admin_a"])
    head_b = user_id(app, world.emails["school_admin_b"])
    head = app.test_client()
    sign_in(head, world.emails["school_admin_a"])
    page = head.get(_remove(head, world.school_a, head_a).headers["Location"]).get_data(as_text=True)
    assert "You cannot remove yourself" in page
    assert _remove(head, world.school_a, head_b).status_code == 404  # not a member here
    assert {head_a} <= _member_ids(app, world.school_a) and {head_b} <= _member_ids(app, world.school_b)


def test_the_coordinator_over_the_school_removes_its_only_admin_and_staff_may_not_remove_anyone(app, world):
    head_a = user_id(app, world.emails["school_admin_a"])
    staff = app.test_client()
    sign_in(staff, world.emails["school_staff_a"])
    assert "/remove" not in staff.get(f"/schools/{world.school_a}/members").get_data(as_text=True)
    assert _remove(staff, world.school_a, head_a).status_code == 403
    assert head_a in _member_ids(app, world.school_a)

    coordinator = app.test_client()
    sign_in(coordinator, world.emails["coordinator_md"])
    assert _remove(coordinator, world.school_a, head_a).status_code == 302
    assert head_a not in _member_ids(app, world.school_a)
