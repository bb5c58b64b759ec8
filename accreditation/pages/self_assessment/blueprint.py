"""The self-assessment blueprint: answers, documents, results, the action plan and the school's data export."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("self_assessment", __name__)
