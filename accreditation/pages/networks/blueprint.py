"""The networks blueprint: the network pages (routes.py) and its shared documents (documents.py)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("networks", __name__, url_prefix="/networks")
