"""One transaction boundary per request (``transactions.end_request``) and per task (``celery_app``): pages and API
views neither commit nor roll back. A view whose writes must be saved before it answers calls
``transactions.commit_early``, the one named early commit, whose docstring lists the reasons.

``NOT_YET`` lists the modules that still end their transactions themselves; it may only shrink (a module converted
must leave the list, so the test fails until it does)."""

from __future__ import annotations

import re

from tests.architecture.import_graph import ROOT

CHECKED = ("accreditation/pages", "accreditation/api")
# a commit or a rollback, also through the operations that commit (commit_and_relay, fire_and_commit)
ENDS_A_TRANSACTION = re.compile(r"session\.(commit|rollback)\(|\b(commit_and_relay|fire_and_commit)\(")
NOT_YET: set[str] = set()  # every module converted; a new entry needs a reason beside it


def modules_ending_transactions() -> set[str]:
    found = set()
    for folder in CHECKED:
        for path in (ROOT / folder).rglob("*.py"):
            if ENDS_A_TRANSACTION.search(path.read_text()):
                found.add(path.relative_to(ROOT).as_posix())
    return found


def test_pages_and_api_views_leave_the_commit_to_the_boundary():
    offenders = modules_ending_transactions()
    assert offenders - NOT_YET == set(), "commit or roll back at the boundary, or call transactions.commit_early"
    assert NOT_YET - offenders == set(), "these no longer end transactions: take them off NOT_YET"


def test_the_early_commit_is_one_named_function():
    source = (ROOT / "accreditation/transactions.py").read_text()
    assert "def commit_early()" in source
    callers = sorted(
        path.relative_to(ROOT).as_posix()
        for folder in CHECKED
        for path in (ROOT / folder).rglob("*.py")
        if "commit_early()" in path.read_text()
    )
    assert callers, "no early commit at all: drop this test's expectation and the function"
