"""Errors under ``/api/`` are the API's JSON whatever raised them: no such address, a method an address does not
take, a server error."""

from __future__ import annotations

import pytest


def test_an_unknown_address_is_404_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_method_an_address_does_not_take_is_405_with_allow(client):
    response = client.patch("/api/v1/tokens")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_a_server_error_is_500_json_and_says_nothing_was_saved(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr("accreditation.api.programme_routes.programme_json", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/api/v1/programmes")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "server_error"
    assert "disk" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/programmes"])
def test_public_calls_need_no_token(client, path):
    assert client.get(path).status_code == 200
