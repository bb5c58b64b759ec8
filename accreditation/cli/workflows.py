"""`flask workflows …`: check the programme definitions, print a programme's diagram, relay the outbox."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from accreditation.applications.loading import framework_dirs, programme_dirs
from accreditation.applications.outbox import relay_outbox
from accreditation.applications.runtime import current_workflows
from accreditation.assessor_quality import samples as calibration_samples
from accreditation.surveys import instruments as survey_instruments
from workflows import DIAGRAM_FORMATS, check, load_programmes, read_frameworks


@click.group("workflows")
def workflows() -> None:
    """Programme definitions: check them and draw them."""


@workflows.command("check")
@click.option(
    "--dir",
    "extra_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Another folder (or file) of programme definitions to check; repeat for more.",
)
@with_appcontext
def check_command(extra_dirs: tuple[Path, ...]) -> None:
    """Check every programme definition and framework version: print each problem as `file: key: message` and
    exit 1, or say OK."""
    registry = current_workflows().registry
    folders = [*programme_dirs(current_app), *extra_dirs]
    problems = check(folders, registry)
    problems += read_frameworks(framework_dirs(current_app))[1]
    problems += survey_instruments.check(current_workflows())
    problems += calibration_samples.check(current_workflows())
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise SystemExit(1)
    count = len(load_programmes(folders, registry))
    click.echo(f"OK: {count} programme{'' if count == 1 else 's'}")


@workflows.command("graph")
@click.argument("programme")
@click.option("--format", "diagram_format", type=click.Choice(DIAGRAM_FORMATS), default="mermaid", show_default=True)
@with_appcontext
def graph_command(programme: str, diagram_format: str) -> None:
    """Print PROGRAMME's state diagram as Mermaid or Graphviz DOT source."""
    programmes = current_workflows().programmes
    if programme not in programmes:
        known = ", ".join(sorted(programmes)) or "none"
        click.echo(f"error: unknown programme {programme!r}; known programmes: {known}", err=True)
        raise SystemExit(1)
    click.echo(programmes[programme].graph(diagram_format), nl=False)


@workflows.command("relay")
@with_appcontext
def relay_command() -> None:
    """Send the follow-up jobs still pending to the workers (beat also does this every minute)."""
    click.echo(f"Relayed {relay_outbox()} job(s).")
