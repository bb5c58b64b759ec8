"""The auth blueprint: signing in and out, registration, invitations, password reset."""

from __future__ import annotations

from flask import Blueprint, request

bp = Blueprint("auth", __name__)


def client_address() -> str:
    return request.remote_addr or "unknown"
