"""Importing schools from a CSV file: read and validate every row first, then write all of them or none.

The columns are documented in docs/csv-import.md. A school is matched by (country, national_id): a row for a
school that exists updates it, any other row creates a verified school (the operator vouches for the file).
``read_plan`` reads a file (the CLI), ``parse_plan`` the text of one (the coordinators' upload in the browser).
"""

from __future__ import annotations

import _csv
import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import insert, or_, select, update

from accreditation.extensions import db
from accreditation.models import Region, School
from accreditation.models.school import SchoolType, Verification
from accreditation.models.time import utcnow

COLUMNS = ("national_id", "name", "country", "region", "address", "language", "type", "pupils", "email")
REQUIRED_COLUMNS = ("national_id", "name", "country", "region", "language", "type")
SCHOOL_TYPES = tuple(t.value for t in SchoolType)
CHUNK = 1000
EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (unreadable, empty, a column missing)."""


@dataclass(frozen=True)
class SchoolRow:
    line: int
    national_id: str
    name: str
    country: str
    region: str
    address: str
    language: str
    school_type: str
    pupils: int | None
    email: str = ""  # the school admin to invite (the browser upload invites; the CLI import does not)


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportPlan:
    """What a file holds: the valid rows, and a problem for each bad one."""

    rows: list[SchoolRow]
    problems: list[RowProblem]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def read_plan(path: Path) -> ImportPlan:
    """Read and validate every row of ``path`` against the regions in the database. Writes nothing."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("the file is not UTF-8 text; save it as CSV UTF-8")) from None
    except OSError as error:
        raise ImportFileError(_("cannot read the file: %(error)s", error=error.strerror or error)) from None
    return parse_plan(text)


def decode(content: bytes) -> str:
    """The text of an uploaded file (UTF-8, with or without a byte-order mark)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("the file is not UTF-8 text; save it as CSV UTF-8")) from None


def read_header(text: str) -> tuple[_csv.Reader, dict[str, int]]:
    """A reader positioned after the header, and the position of each known column; ImportFileError when the
    file is empty or a required column is missing."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError(_("the file is empty"))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(
            ngettext(
                "missing column: %(columns)s", "missing columns: %(columns)s", len(missing), columns=", ".join(missing)
            )
        )
    return reader, {name: header.index(name) for name in COLUMNS if name in header}


def parse_plan(text: str) -> ImportPlan:
    """Validate every row of a CSV text against the regions in the database. Writes nothing."""
    reader, position = read_header(text)
    region_country = dict(db.session.execute(select(Region.code, Region.country_code)).all())
    plan = ImportPlan([], [])
    first_seen: dict[tuple[str, str], int] = {}
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue  # blank lines are not rows
        cells = {name: (values[i].strip() if i < len(values) else "") for name, i in position.items()}
        row, reason = _validate(line, cells, region_country)
        if row is not None:
            key = (row.country, row.national_id.lower())
            if key in first_seen:
                row, reason = (
                    None,
                    _(
                        "national_id %(identifier)s repeats line %(line)s",
                        identifier=row.national_id,
                        line=first_seen[key],
                    ),
                )
            else:
                first_seen[key] = line
        if row is None:
            plan.problems.append(RowProblem(line, reason))
        else:
            plan.rows.append(row)
    if not plan.rows and not plan.problems:
        raise ImportFileError(_("the file has a header but no rows"))
    return plan


def validate_school(cells: dict[str, str]) -> tuple[SchoolRow | None, str]:
    """One school given outside a file (e.g. by the API), named like the file's columns and checked by the same
    rules as a row (values trimmed as a file's cells are): the row, or None and the reason."""
    cells = {name: value.strip() for name, value in cells.items()}
    country, region = cells.get("country", "").upper(), cells.get("region", "").upper()
    query = select(Region.code, Region.country_code).where(or_(Region.country_code == country, Region.code == region))
    return _validate(0, cells, dict(db.session.execute(query).all()))


def _validate(line: int, cells: dict[str, str], region_country: dict[str, str]) -> tuple[SchoolRow | None, str]:
    for name in REQUIRED_COLUMNS:
        if not cells.get(name):
            return None, _("%(column)s is empty", column=name)
    country, region = cells["country"].upper(), cells["region"].upper()
    if len(cells["national_id"]) > 40:
        return None, _("national_id is longer than 40 characters")
    if len(cells["name"]) > 200:
        return None, _("name is longer than 200 characters")
    if country not in set(region_country.values()):
        return None, _("unknown country code %(code)s (load it with `flask geography load`)", code=repr(country))
    if region not in region_country:
        return None, _("unknown region code %(code)s", code=repr(region))
    if region_country[region] != country:
        return None, _("region %(region)s is not in country %(country)s", region=region, country=country)
    language = cells["language"].lower()
    if not re.fullmatch(r"[a-z]{2}", language):
        return None, _("language must be a two-letter ISO 639-1 code, not %(value)s", value=repr(cells["language"]))
    school_type = cells["type"].lower()
    if school_type not in SCHOOL_TYPES:
        return None, _(
            "type must be one of %(types)s, not %(value)s", types=", ".join(SCHOOL_TYPES), value=repr(cells["type"])
        )
    pupils = None
    if cells.get("pupils"):
        if not cells["pupils"].isdigit():
            return None, _("pupils must be a whole number of 0 or more, not %(value)s", value=repr(cells["pupils"]))
        pupils = int(cells["pupils"])
    email = cells.get("email", "").lower()
    if email and (len(email) > 254 or not EMAIL.fullmatch(email)):
        return None, _("email %(value)s is not an e-mail address", value=repr(cells["email"]))
    row = SchoolRow(
        line,
        cells["national_id"],
        cells["name"],
        country,
        region,
        cells.get("address", ""),
        language,
        school_type,
        pupils,
        email,
    )
    return row, ""


def apply_plan(rows: Iterable[SchoolRow], progress: Callable[[int], None] | None = None) -> ImportResult:
    """Create or update the schools of ``rows`` in bulk. Flushes, never commits: the caller commits once."""
    rows = list(rows)
    existing: dict[tuple[str, str], int] = {}
    for country in {row.country for row in rows}:
        query = select(School.national_id, School.id).where(School.country_code == country)
        existing.update({(country, nid.lower()): sid for nid, sid in db.session.execute(query)})
    now = utcnow()
    created = updated = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        new, changed = [], []
        for row in chunk:
            values = {
                "name": row.name,
                "region_code": row.region,
                "address": row.address,
                "language": row.language,
                "school_type": row.school_type,
                "pupils": row.pupils,
            }
            school_id = existing.get((row.country, row.national_id.lower()))
            if school_id is None:
                new.append(
                    values
                    | {
                        "national_id": row.national_id,
                        "country_code": row.country,
                        "verification": Verification.VERIFIED.value,
                        "verification_note": "Imported from a CSV file.",
                        "verified_at": now,
                        "created_at": now,
                    }
                )
            else:
                changed.append(values | {"id": school_id})
        if new:
            db.session.execute(insert(School), new)
        if changed:
            db.session.execute(update(School), changed)
        created, updated = created + len(new), updated + len(changed)
        if progress:
            progress(len(chunk))
    db.session.flush()
    return ImportResult(created, updated)
