"""The auth blueprint: signing in and out, registration, invitations, password reset."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__)
