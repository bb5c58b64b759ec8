"""The one e-mail gateway: SMTP when MAIL_SERVER is configured, otherwise `.eml` files in a folder."""

from __future__ import annotations

import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

from accreditation.metrics import count_email


class MailError(RuntimeError):
    """The message could not be handed over; the caller may retry."""


def build_message(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """``message_id``: a deterministic one (e.g. from an idempotency key), so a message handed over twice is
    recognisably the same message; a fresh one when None."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id or make_msgid(domain="safe-school.local")
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for name, value in (headers or {}).items():  # after the content: set_content drops Content-* headers
        message[name] = value
    return message


def send_mail(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """Send one message. ``attachments`` are (filename, mime type, bytes)."""
    message = build_message(to, subject, text, html, message_id, headers)
    for filename, mimetype, content in attachments or []:
        maintype, subtype = mimetype.split("/", 1)
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    if attachments:
        for name, value in (headers or {}).items():  # keep them on the whole message, not its first part
            del message[name]
            message[name] = value
    config = current_app.config
    if config["MAIL_SERVER"]:
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
                if config["MAIL_USE_TLS"]:
                    smtp.starttls()
                if config["MAIL_USERNAME"]:
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            count_email(sent=False)
            raise MailError(f"mail server refused or timed out: {error}") from error
    else:
        folder = Path(config["MAIL_OUTBOX_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(bytes(message))
    count_email(sent=True)
    return message
