"""`flask workflows check` and `flask workflows graph`, and the refusal to start on an invalid definition."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from accreditation.config import PROJECT_ROOT
from tests.workflows.conftest import THIRD_DIR

BROKEN = """\
code: broken
name: Broken programme
states:
  open:
    label: Open
    kind: initial
  done:
    label: Done
    kind: final
events:
  finish:
    label: Finish
    from: [open]
    to: finished
    roles: [school_admin]
    guards: [phase_of_the_moon]
"""


@pytest.fixture
def broken_dir(tmp_path) -> Path:
    (tmp_path / "broken.yaml").write_text(BROKEN)
    return tmp_path


def test_check_says_ok_with_the_number_of_programmes(app):
    result = app.test_cli_runner().invoke(args=["workflows", "check"])
    assert (result.exit_code, result.output) == (0, "OK: 2 programmes\n")


def test_check_takes_extra_folders(app):
    result = app.test_cli_runner().invoke(args=["workflows", "check", "--dir", str(THIRD_DIR)])
    assert (result.exit_code, result.output) == (0, "OK: 3 programmes\n")


def test_check_prints_each_problem_and_exits_1(app, broken_dir):
    result = app.test_cli_runner().invoke(args=["workflows", "check", "--dir", str(broken_dir)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    file = str(broken_dir / "broken.yaml")
    assert f"{file}: events.finish.to: unknown state 'finished'" in lines
    assert f"{file}: events.finish.guards[0]: guard 'phase_of_the_moon' is not registered by the application" in lines
    assert all(line.startswith(file) for line in lines)


@pytest.mark.parametrize(
    ("options", "first_line"), [([], "stateDiagram-v2"), (["--format", "dot"], 'digraph "ciss" {')]
)
def test_graph_prints_the_diagram_source(app, options, first_line):
    result = app.test_cli_runner().invoke(args=["workflows", "graph", "ciss", *options])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == first_line
    assert "Certified" in result.output


def test_graph_of_an_unknown_programme_is_one_line_and_exit_1(app):
    result = app.test_cli_runner().invoke(args=["workflows", "graph", "nope"])
    assert result.exit_code == 1
    assert result.output == "error: unknown programme 'nope'; known programmes: ciss, esafety-label\n"


def test_an_unknown_diagram_format_is_refused(app):
    result = app.test_cli_runner().invoke(args=["workflows", "graph", "ciss", "--format", "png"])
    assert result.exit_code == 2


def test_the_application_refuses_to_start_on_an_invalid_definition(broken_dir, tmp_path):
    env = dict(os.environ, APP_ENV="testing", INSTANCE_PATH=str(tmp_path / "instance"), WORKFLOW_DIRS=str(broken_dir))
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "accreditation", "workflows", "check"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    problems = result.stderr.strip().splitlines()
    assert problems == [
        f"error: {broken_dir / 'broken.yaml'}: events.finish.to: unknown state 'finished'",
        f"error: {broken_dir / 'broken.yaml'}: events.finish.guards[0]: "
        "guard 'phase_of_the_moon' is not registered by the application",
    ]
