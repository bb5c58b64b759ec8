"""`flask demo`: load a realistic pilot for trying the system."""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from accreditation.accounts.users import AccountError
from accreditation.config import DEVELOPMENT_ENVS
from accreditation.demo import DEFAULT_PASSWORD, load_demo
from accreditation.extensions import db
from workflows import WorkflowError


@click.command()
@with_appcontext
def demo() -> None:
    """Load the demo pilot (safe to run again) and print its users.

    Six countries with their ISO 3166-2 regions, about sixty schools, one user per role, and eSafety Label
    applications in Chișinău at every stage (self-assessment, submitted, under review, labelled with a
    certificate). The users' password is DEMO_PASSWORD from the environment, or "safer internet day". It runs only
    with APP_ENV development or testing.
    """
    app_env = current_app.config["APP_ENV"]
    if app_env not in DEVELOPMENT_ENVS:  # its users have a known password
        raise click.ClickException(f"the demo is for trying the system: it does not run with APP_ENV={app_env}")
    password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
    try:
        result = load_demo(password)
    except (AccountError, WorkflowError, ValueError) as error:
        db.session.rollback()
        raise click.ClickException(f"cannot load the demo: {error}") from None
    db.session.commit()
    click.echo(
        f"Demo pilot loaded ({result.schools_created} schools added, {result.applications_created} applications added)."
    )
    click.echo(f"{'E-mail':<36} {'Role':<14} Scope")
    for user in result.users:
        note = "" if user.created else "  (already there; its password is unchanged)"
        click.echo(f"{user.email:<36} {user.role:<14} {user.scope}{note}")
    click.echo(f"Password of new demo users: {password}")
