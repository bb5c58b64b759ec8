"""`flask reminders …`: run the reminder sweep now (beat runs it every five minutes)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from accreditation.deliveries.dispatch import dispatch_pending
from accreditation.deliveries.sending import send_chunk
from accreditation.reminders.sweep import sweep_reminders


@click.group("reminders")
def reminders() -> None:
    """Reminders from the programmes' timers."""


@reminders.command("sweep")
@click.option("--here", is_flag=True, help="Send the e-mails from this process instead of handing them to the workers.")
@with_appcontext
def sweep_command(here: bool) -> None:
    """Write the reminders due now (each once) and send the e-mails still pending."""
    result = sweep_reminders()
    if here:
        for_sending: list[int] = []
        dispatch_pending(send=for_sending.extend)
        outcome = send_chunk(for_sending)
        sent, waiting = outcome.sent, len(outcome.remaining)
        click.echo(
            f"{result.reminders} reminders due, {result.deliveries} e-mails written, {sent} sent, {waiting} waiting"
        )
        if waiting:
            raise SystemExit(1)
        return
    handed = dispatch_pending()
    click.echo(f"{result.reminders} reminders due, {result.deliveries} e-mails written, {handed} handed to the workers")
