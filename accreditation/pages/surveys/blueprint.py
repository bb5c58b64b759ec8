"""The surveys blueprint: a school's survey windows, posters and results, and the public answer pages (/s/…)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("surveys", __name__)
