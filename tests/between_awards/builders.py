"""Helpers of the between-awards tests."""

from __future__ import annotations

import html as html_module
import re
from io import BytesIO

from tests.builders import csrf_token

HEAD_A = "head.a@example.org"
# A training by hand on the new-training page: a governor, by name, on a course of the catalogue.
TRAINING_FORM = {
    "person": "",
    "person_name": "Ana Popescu",
    "staff_role": "governor",
    "course": "governors-online-safety",
    "course_text": "",
    "completed_on": "2026-05-04",
    "provider": "National Centre",
}


def post_form(client, page_path: str, action: str, data: dict, files: dict | None = None):
    """Post ``data`` (and ``files``: name -> (bytes, filename)) to ``action`` with the CSRF token of ``page_path``."""
    token = csrf_token(client.get(page_path).get_data(as_text=True))
    form = {"csrf_token": token, **data}
    for name, (content, filename) in (files or {}).items():
        form[name] = (BytesIO(content), filename)
    return client.post(action, data=form, content_type="multipart/form-data" if files else None)


def text_of(html: str) -> str:
    """The page's text, tags and extra spaces removed."""
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())
