"""`flask schools import`: every row checked first, bad rows reported by line, all or nothing, re-import updates."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from accreditation.extensions import db
from accreditation.models import School
from tests.builders import add_geography

HEADER = "national_id,name,country,region,address,language,type,pupils\n"


@pytest.fixture
def regions(app):
    with app.app_context():
        add_geography()
        db.session.commit()


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["schools", "import", *map(str, args)])


def _write(tmp_path: Path, text: str, name: str = "schools.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _schools(app) -> dict[str, School]:
    with app.app_context():
        rows = db.session.scalars(select(School)).all()
        db.session.expunge_all()
        return {s.national_id: s for s in rows}


def test_good_file_creates_verified_schools(app, regions, tmp_path):
    path = _write(
        tmp_path,
        HEADER + 'MD-1,Liceul „Unu”,MD,MD-CU,"str. Mare 1, Chișinău",ro,secondary,800\n'
        "UA-1,Львівська гімназія,UA,UA-46,,uk,primary,\n",
    )
    result = _run(app, path)
    assert result.exit_code == 0, result.output + result.stderr
    assert "2 created, 0 updated" in result.output
    schools = _schools(app)
    assert schools["MD-1"].name == "Liceul „Unu”" and schools["MD-1"].pupils == 800
    assert schools["MD-1"].address == "str. Mare 1, Chișinău" and schools["MD-1"].verification == "verified"
    assert schools["UA-1"].pupils is None and schools["UA-1"].region_code == "UA-46"


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(app, regions, tmp_path):
    path = _write(
        tmp_path,
        HEADER
        + "MD-1,Good,MD,MD-CU,,ro,secondary,100\n"
        + "MD-2,Bad region,MD,MD-XX,,ro,secondary,100\n"
        + "MD-3,Wrong country,MD,UA-46,,ro,secondary,100\n"
        + "MD-4,Bad pupils,MD,MD-CU,,ro,secondary,-5\n"
        + ",No id,MD,MD-CU,,ro,secondary,1\n"
        + "MD-1,Repeated,MD,MD-BA,,ro,primary,1\n"
        + "MD-6,Bad type,MD,MD-CU,,ro,university,1\n"
        + "MD-7,Bad language,MD,MD-CU,,romanian,primary,1\n",
    )
    result = _run(app, path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{path}: line 3: unknown region code 'MD-XX'" in lines
    assert f"{path}: line 4: region UA-46 is not in country MD" in lines
    assert any("line 5: pupils must be a whole number" in line for line in lines)
    assert f"{path}: line 6: national_id is empty" in lines
    assert f"{path}: line 7: national_id MD-1 repeats line 2" in lines
    assert any("line 8: type must be one of" in line for line in lines)
    assert any("line 9: language must be a two-letter" in line for line in lines)
    assert "7 bad row(s); nothing imported" in result.stderr
    assert _schools(app) == {}


def test_skip_invalid_imports_the_good_rows(app, regions, tmp_path):
    path = _write(tmp_path, HEADER + "MD-1,Good,MD,MD-CU,,ro,secondary,100\nMD-2,Bad,MD,MD-XX,,ro,secondary,1\n")
    result = _run(app, path, "--skip-invalid")
    assert result.exit_code == 0
    assert "1 created, 0 updated, 1 skipped" in result.output
    assert set(_schools(app)) == {"MD-1"}


def test_reimport_updates_instead_of_duplicating(app, regions, tmp_path):
    _run(app, _write(tmp_path, HEADER + "MD-1,Old name,MD,MD-CU,,ro,secondary,100\n"))
    result = _run(app, _write(tmp_path, HEADER + "md-1,New name,md,md-ba,,ro,combined,120\n", "again.csv"))
    assert result.exit_code == 0, result.stderr
    assert "0 created, 1 updated" in result.output
    schools = _schools(app)
    assert len(schools) == 1
    school = schools["MD-1"]
    assert (school.name, school.region_code, school.school_type, school.pupils) == (
        "New name",
        "MD-BA",
        "combined",
        120,
    )


def test_excel_file_with_bom_and_semicolons(app, regions, tmp_path):
    text = HEADER.replace(",", ";") + "MD-9;Școala „Nouă”;MD;MD-CU;str. A, 1;ro;primary;50\n"
    result = _run(app, _write(tmp_path, text, encoding="utf-8-sig"))
    assert result.exit_code == 0, result.stderr
    assert _schools(app)["MD-9"].address == "str. A, 1"


def test_missing_column_empty_file_and_missing_file_fail_in_one_line(app, regions, tmp_path):
    missing = _run(app, _write(tmp_path, "national_id,name,country\nMD-1,A,MD\n"))
    assert missing.exit_code == 1
    assert "missing columns: region, language, type" in missing.stderr
    empty = _run(app, _write(tmp_path, "", "empty.csv"))
    assert empty.exit_code == 1 and "the file is empty" in empty.stderr
    absent = _run(app, tmp_path / "absent.csv")
    assert absent.exit_code == 2 and "does not exist" in absent.stderr
    not_utf8 = _run(app, _write(tmp_path, HEADER + "MD-1,École,MD,MD-CU,,ro,primary,1\n", "latin.csv", "cp1252"))
    assert not_utf8.exit_code == 1 and "not UTF-8" in not_utf8.stderr
    assert _schools(app) == {}


def test_dry_run_writes_nothing(app, regions, tmp_path):
    result = _run(app, _write(tmp_path, HEADER + "MD-1,Good,MD,MD-CU,,ro,secondary,100\n"), "--dry-run")
    assert result.exit_code == 0 and "Would import 1 school(s): 1 created" in result.output
    assert _schools(app) == {}


def test_large_file_imports_in_one_go(app, regions, tmp_path):
    rows = "".join(f"MD-{i},School {i},MD,MD-CU,,ro,secondary,{i % 900}\n" for i in range(6000))
    result = _run(app, _write(tmp_path, HEADER + rows))
    assert result.exit_code == 0, result.stderr
    assert "6000 created" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(School)) == 6000
