"""A signed-in page leaves a settled session cookie alone: no Set-Cookie on every response (the cookie is re-signed
only when something in it changes, the last-used time once a minute), and the idle lifetime still counts."""

from __future__ import annotations

from accreditation import session_lifetime
from tests.builders import sign_in


def test_a_settled_cookie_is_not_sent_again_until_a_minute_has_passed(app, client, world, monkeypatch):
    moment = [session_lifetime.now()]
    monkeypatch.setattr(session_lifetime, "now", lambda: moment[0])
    sign_in(client, world.emails["school_admin_a"])
    page = f"/schools/{world.school_a}"
    client.get(page)  # pops the welcome message, makes the CSRF secret: the cookie settles
    moment[0] += 30
    assert client.get(page).headers.get("Set-Cookie") is None
    moment[0] += 31
    assert client.get(page).headers.get("Set-Cookie") is not None  # a minute later it notes the time again
    assert client.get(page).headers.get("Set-Cookie") is None
