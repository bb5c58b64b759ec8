"""Helpers for driving the application pages through real HTTP requests."""

from __future__ import annotations

import re

from tests.builders import csrf_token, sign_in


def signed_in(app, email: str):
    """A fresh test client signed in as ``email``."""
    client = app.test_client()
    response = sign_in(client, email)
    assert response.status_code in (302, 303), response.status_code
    return client


def page(client, application_id: int) -> str:
    response = client.get(f"/applications/{application_id}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def shown_version(html: str, event: str) -> int:
    """The hidden expected version in ``event``'s form on the page."""
    form = re.search(rf'<form[^>]*id="event-{event}".*?</form>', html, re.S)
    assert form, f"no form for {event}"
    return int(re.search(r'name="expected_version" value="(\d+)"', form.group(0)).group(1))


def post_event(client, application_id: int, event: str, version: int | None = None, **fields):
    """Post ``event``'s form as the page shows it (CSRF token and version from the page unless given)."""
    html = page(client, application_id)
    data = {"csrf_token": csrf_token(html), **fields}
    if version is None and f'id="event-{event}"' in html:
        version = shown_version(html, event)
    data["expected_version"] = version if version is not None else 1
    return client.post(f"/applications/{application_id}/events/{event}", data=data)
