"""The `flask …` commands operators script: keep their names stable."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from accreditation.cli import (
        backup,
        certificates,
        demo,
        frameworks,
        geography,
        regional_index,
        reminders,
        schools,
        storage,
        translations,
        up,
        users,
        workflows,
    )

    app.cli.add_command(users.users)
    app.cli.add_command(geography.geography)
    app.cli.add_command(regional_index.regional_index)
    app.cli.add_command(schools.schools)
    app.cli.add_command(demo.demo)
    app.cli.add_command(up.up)
    app.cli.add_command(workflows.workflows)
    app.cli.add_command(frameworks.frameworks)
    app.cli.add_command(translations.translations)
    app.cli.add_command(certificates.certificates)
    app.cli.add_command(reminders.reminders)
    app.cli.add_command(storage.storage)
    app.cli.add_command(backup.backup)
    app.cli.add_command(backup.restore)
    app.cli.add_command(backup.metrics)
