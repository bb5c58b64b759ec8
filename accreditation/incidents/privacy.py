"""Warnings (never refusals) when an incident's free text looks like it holds a person's details: an e-mail
address, a phone number, or a name (two or three capitalised words in a row, in Latin or Cyrillic letters)."""

from __future__ import annotations

import re

from flask_babel import gettext as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w])\+?\d[\d ()./-]{6,}\d(?![\w])")
DATE_OR_TIME = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}:\d{2}\b")
WORD = r"[A-ZÀ-ÖØ-ÞĂÂÎȘȚА-ЯЁІЇЄҐЎ][a-zß-öø-ÿăâîșțа-яёіїєґў'’-]+"
NAME = re.compile(rf"(?<![.!?]\s)(?<!^)\b{WORD}\s+{WORD}\b", re.MULTILINE)


def warnings(*texts: str) -> list[str]:
    """What in ``texts`` may identify a person, as sentences for the person writing them (empty: nothing found)."""
    joined = "\n".join(text or "" for text in texts)
    found = []
    if EMAIL.search(joined):
        found.append(_("It looks like an e-mail address is written here."))
    digits = DATE_OR_TIME.sub(" ", EMAIL.sub(" ", joined))
    if any(sum(c.isdigit() for c in m.group(0)) >= 7 for m in PHONE.finditer(digits)):
        found.append(_("It looks like a phone number is written here."))
    if NAME.search(joined):
        found.append(_("It looks like a person's name is written here."))
    return found
