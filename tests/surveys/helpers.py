"""Helpers of the survey tests: a school admin opens a window through the page; respondents answer through the
public link, each from a client of their own (a device: its own cookies)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient

from tests.builders import csrf_token, sign_in

ANSWERS = {"know_rules": 3, "learn_safety": 2, "know_who_to_tell": 4, "pupils_asked": 1}


def open_window(
    client: FlaskClient,
    school_id: int,
    email: str,
    audiences=("pupils_12_14",),
    languages=("en", "ru"),
    programme: str = "ciss",
    days: int = 14,
) -> dict[str, str]:
    """Sign in as ``email``, open a window through the form; the public path of each audience's link."""
    sign_in(client, email)
    page = client.get(f"/schools/{school_id}/surveys")
    assert page.status_code == 200
    today = datetime.now(UTC).date()
    response = client.post(
        f"/schools/{school_id}/surveys",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "programme": programme,
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=days)).isoformat(),
            "audiences": list(audiences),
            "languages": list(languages),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    window_page = client.get(response.headers["Location"]).get_data(as_text=True)
    links = dict(re.findall(r'href="http://localhost(/s/[^"]+)" data-survey-link="([^"]+)"', window_page))
    return {audience: path for path, audience in links.items()}


def answer(app, path: str, answers=ANSWERS, client: FlaskClient | None = None, **extra) -> tuple[FlaskClient, object]:
    """One respondent (a new device unless ``client`` is given) opens the link and sends ``answers``."""
    client = client or app.test_client()
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)
    data = {"csrf_token": csrf_token(page.get_data(as_text=True))}
    data.update({f"q_{code}": str(value) for code, value in answers.items()})
    data.update(extra)
    return client, client.post(path, data=data)


def window_id_of(client: FlaskClient, school_id: int) -> int:
    page = client.get(f"/schools/{school_id}/surveys").get_data(as_text=True)
    return int(re.search(rf"/schools/{school_id}/surveys/(\d+)", page).group(1))
