"""Every module of the application and of the workflow engine stays under 400 lines (issue 23): a longer one is split
into modules whose names say what they hold."""

from __future__ import annotations

from pathlib import Path

from tests.architecture.import_graph import PACKAGES, ROOT

MAX_LINES = 400


def long_modules(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, int]:
    """The modules of ``packages`` under ``root`` with ``MAX_LINES`` lines or more, by path, with their line count."""
    return {
        path.relative_to(root).as_posix(): count
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) >= MAX_LINES
    }


def test_every_module_is_under_400_lines():
    long = long_modules(ROOT)
    assert not long, f"modules of {MAX_LINES} lines or more (split them): {long}"


def test_a_long_module_anywhere_in_a_package_is_found(tmp_path):
    nested = tmp_path / "accreditation" / "pages" / "long"
    nested.mkdir(parents=True)
    (nested / "routes.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    (nested / "short.py").write_text("x = 1\n" * (MAX_LINES - 1), encoding="utf-8")
    (tmp_path / "workflows").mkdir()
    assert long_modules(tmp_path) == {"accreditation/pages/long/routes.py": MAX_LINES}
