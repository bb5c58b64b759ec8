"""The engine stays pure Python: importing it pulls in no web, database or application code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import workflows

FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "accreditation", "celery")
PACKAGE = Path(workflows.__file__).parent


def test_importing_workflows_loads_no_web_or_database_module():
    probe = (
        "import sys, workflows\n"
        f"loaded = sorted(name for name in sys.modules if name.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_no_workflows_module_imports_web_or_database_code():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
