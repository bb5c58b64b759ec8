"""`flask users …`: create accounts from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from accreditation.accounts.users import ROLE_CHOICES, AccountError, create_user
from accreditation.extensions import db


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLE_CHOICES), help="The role the user holds.")
@click.option("--name", default="", help="Display name (defaults to the part of the e-mail before @).")
@click.option("--password", default=None, help="Prompted for when not given.")
@click.option("--country", "countries", multiple=True, help="ISO 3166-1 code (coordinators, assessors).")
@click.option("--region", "regions", multiple=True, help="ISO 3166-2 code (coordinators).")
@click.option("--language", "languages", multiple=True, help="ISO 639-1 code an assessor works in.")
@click.option("--school", "school_id", type=int, default=None, help="School id (school admins and staff).")
@with_appcontext
def create(email, role, name, password, countries, regions, languages, school_id) -> None:
    """Create a user EMAIL holding --role."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(
            email,
            name,
            role,
            password,
            countries,
            regions,
            languages,
            school_id,
            language=(languages[0] if languages else "en"),
        )
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Created user {user.id} <{user.email}> as {role}.")
