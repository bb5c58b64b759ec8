"""`flask schools …`: bulk operations on schools."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from accreditation.extensions import db
from accreditation.imports.schools_csv import COLUMNS, ImportFileError, apply_plan, read_plan

PROGRESS_FROM_ROWS = 5000


@click.group()
def schools() -> None:
    """Manage schools."""


@schools.command(
    "import", epilog=f"Columns: {', '.join(COLUMNS)} (address and pupils may be empty). See docs/csv-import.md."
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Import the good rows even when some rows are bad.")
@click.option("--dry-run", is_flag=True, help="Check the file and report what would change; write nothing.")
@with_appcontext
def import_schools(file: Path, skip_invalid: bool, dry_run: bool) -> None:
    """Import schools from FILE (CSV, UTF-8, comma or semicolon separated).

    Every row is checked before anything is written. A school already known by its country and national_id is
    updated, not duplicated; new schools are created as verified.
    """
    try:
        plan = read_plan(file)
    except ImportFileError as error:
        raise click.ClickException(f"{file}: {error}") from None
    for problem in plan.problems:
        click.echo(f"{file}: {problem}", err=True)
    if plan.problems and not skip_invalid:
        raise click.ClickException(
            f"{len(plan.problems)} bad row(s); nothing imported. Fix them, or use --skip-invalid to import the "
            f"{len(plan.rows)} good row(s)."
        )
    try:
        if len(plan.rows) >= PROGRESS_FROM_ROWS:
            with click.progressbar(length=len(plan.rows), label="Importing schools", file=sys.stderr) as bar:
                result = apply_plan(plan.rows, progress=bar.update)
        else:
            result = apply_plan(plan.rows)
    except Exception:
        db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb} {len(plan.rows)} school(s): {result.created} created, {result.updated} updated, "
        f"{len(plan.problems)} skipped."
    )
