"""Role names are written once, in ``workflows/roles.py``: everywhere else in ``accreditation/`` a role is named by
its constant (``ASSESSOR``, not ``"assessor"``), so that a renamed or mistyped role fails at import, not in use.

A string equal to a role name is allowed only where it does not mean a role (``not_a_role``): a text to translate,
a blueprint's name (which starts endpoint names such as ``admin.users``), a key of a dict (a field of the API's JSON,
such as a conflict's ``"assessor"``), and the demo's data. SQL (a model's CheckConstraint) and templates are not
checked: only a whole string equal to a role name counts."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture.import_graph import ROOT
from workflows.roles import ROLES

PACKAGE = ROOT / "accreditation"
EXEMPT_PACKAGES = ("accreditation/demo",)  # the demo's data: people written as they would be typed in
TRANSLATED = frozenset({"_", "_l", "gettext", "lazy_gettext", "ngettext", "pgettext"})
NAMED_BY = frozenset({"Blueprint"})  # the first argument names the blueprint, not a role


def _called(node: ast.Call) -> str:
    function = node.func
    return function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")


def not_a_role(tree: ast.AST) -> set[int]:
    """The ids of the string constants of ``tree`` that are not role names even when they read like one:
    the contexts this module's docstring lists."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (_called(node) in TRANSLATED or _called(node) in NAMED_BY):
            skipped.update(id(argument) for argument in node.args[:1])
        elif isinstance(node, ast.Dict):
            skipped.update(id(key) for key in node.keys if key is not None)
    return skipped


def role_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    skipped = not_a_role(tree)
    return [
        f"{path.relative_to(ROOT).as_posix()}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in ROLES and id(node) not in skipped
    ]


def test_roles_are_named_by_their_constants():
    found = [
        literal
        for path in sorted(PACKAGE.rglob("*.py"))
        if not path.relative_to(ROOT).as_posix().startswith(EXEMPT_PACKAGES)
        for literal in role_literals(path)
    ]
    assert found == [], "use the constants of workflows/roles.py: " + "; ".join(found)


def test_the_check_sees_a_role_literal():
    code = 'from x import roles_required\n@roles_required("coordinator")\ndef view(): return {"assessor": _("admin")}\n'
    tree = ast.parse(code)
    skipped = not_a_role(tree)
    literals = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and id(node) not in skipped]
    assert [value for value in literals if value in ROLES] == ["coordinator"]
