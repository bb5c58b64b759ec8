"""Signing in and out through the real forms."""

from __future__ import annotations

import pytest

from tests.builders import csrf_token, sign_in


def test_demo_user_signs_in_and_reaches_their_school(client, world):
    response = sign_in(client, world.emails["school_admin_a"])
    assert response.status_code == 302
    home = client.get(response.headers["Location"], follow_redirects=True)
    assert "Liceul Teoretic A" in home.get_data(as_text=True)


@pytest.mark.parametrize(
    ("who", "home"),
    [
        ("school_admin_a", "/schools/{school_a}"),
        ("school_staff_a", "/schools/{school_a}"),
        ("assessor", "/assessor/queue"),
        ("coordinator_md", "/coordinate/dashboard"),
        ("admin", "/coordinate/dashboard"),
    ],
)
def test_each_role_lands_on_its_own_work_after_signing_in(client, world, who, home):
    response = sign_in(client, world.emails[who])
    assert response.status_code == 302
    landing = client.get(response.headers["Location"])  # the to-do list, which leads to the role's own pages
    assert landing.status_code == 200
    assert f'href="{home.format(school_a=world.school_a)}"' in landing.get_data(as_text=True)
    assert client.get(home.format(school_a=world.school_a)).status_code == 200


@pytest.mark.parametrize(
    ("who", "roles"),
    [("assessor", "Assessor"), ("school_admin_a", "School admin"), ("coordinator_md", "Coordinator")],
)
def test_the_account_page_names_the_roles_in_words(client, world, who, roles):
    sign_in(client, world.emails[who])
    page = client.get("/me").get_data(as_text=True)
    assert f"<dt>Roles</dt><dd>{roles}</dd>" in page


def test_wrong_password_is_refused_with_a_clear_message(client, world):
    response = sign_in(client, world.emails["school_admin_a"], "not the password")
    assert response.status_code == 401
    assert "The e-mail address or the password is not right." in response.get_data(as_text=True)
    assert client.get("/me").status_code == 302  # still signed out


def test_sign_in_is_throttled_per_account_after_repeated_failures(client, world, app):
    limit = app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert sign_in(client, world.emails["assessor"], "wrong password!").status_code == 401
    locked = sign_in(client, world.emails["assessor"])  # even the right password waits
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.get_data(as_text=True)
    assert sign_in(client, world.emails["admin"]).status_code == 302  # another account is unaffected


def test_sign_in_is_throttled_per_address(client, world, app):
    app.config["SIGNIN_MAX_FAILURES_PER_ADDRESS"] = 3
    try:
        for n in range(3):
            sign_in(client, f"nobody{n}@example.org", "wrong password!")
        assert sign_in(client, world.emails["admin"]).status_code == 429
    finally:
        app.config["SIGNIN_MAX_FAILURES_PER_ADDRESS"] = 20


def test_sign_in_without_csrf_token_is_refused(client, world):
    response = client.post("/sign-in", data={"email": world.emails["admin"], "password": "x"})
    assert response.status_code == 400


def test_next_cannot_redirect_off_site(client, world):
    page = client.get("/sign-in?next=//evil.example/")
    response = client.post(
        "/sign-in",
        data={
            "email": world.emails["admin"],
            "password": "correct horse battery",
            "next": "//evil.example/",
            "csrf_token": csrf_token(page.get_data(as_text=True)),
        },
    )
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]


def test_sign_out_ends_the_session(client, world):
    sign_in(client, world.emails["admin"])
    page = client.get("/me")
    assert page.status_code == 200
    client.post("/sign-out", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert client.get("/me").status_code == 302


def test_member_of_one_school_cannot_open_another_school(client, world):
    sign_in(client, world.emails["school_admin_a"])
    assert client.get(f"/schools/{world.school_a}").status_code == 200
    assert client.get(f"/schools/{world.school_b}").status_code == 403


def test_coordinator_sees_only_schools_in_scope(client, world):
    sign_in(client, world.emails["coordinator_md"])
    page = client.get("/coordinate/schools").get_data(as_text=True)
    assert "Liceul Teoretic A" in page
    assert "Lviv School B" not in page
    assert client.get(f"/schools/{world.school_b}").status_code == 403


def test_form_fields_carry_only_the_attributes_they_need(client):
    """A field without a hint or an error has no aria-describedby (and never the text "None")."""
    page = client.get("/sign-in").get_data(as_text=True)
    assert '="None"' not in page
    assert "aria-invalid" not in page
    token = csrf_token(page)
    wrong = client.post("/sign-in", data={"email": "not an address", "password": "", "csrf_token": token})
    html = wrong.get_data(as_text=True)
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="email-error"' in html
    assert '="None"' not in html


def test_the_email_address_signs_in_in_any_letter_case(client, world):
    """Addresses are stored in lower case; the sign-in finds them however they are typed."""
    response = sign_in(client, world.emails["school_admin_a"].upper())
    assert response.status_code == 302
    assert client.get("/me").status_code == 200
