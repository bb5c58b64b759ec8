"""The `flask …` commands operators script: keep their names stable."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from accreditation.cli import demo, geography, schools, up, users, workflows

    app.cli.add_command(users.users)
    app.cli.add_command(geography.geography)
    app.cli.add_command(schools.schools)
    app.cli.add_command(demo.demo)
    app.cli.add_command(up.up)
    app.cli.add_command(workflows.workflows)
