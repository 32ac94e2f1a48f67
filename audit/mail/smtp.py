"""Sending one message over SMTP with the app's MAIL_* settings (smtplib, no extra package)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Any


class PermanentFailure(Exception):
    """The server refused the message for good (5xx): a retry would be refused again."""


def mail_enabled(config: dict[str, Any]) -> bool:
    """Mail goes out only when a server is configured."""
    return bool(config.get("MAIL_SERVER"))


def send_message(message: EmailMessage, config: dict[str, Any]) -> None:
    """Hand `message` to the configured server; raises on any failure.

    A 5xx answer (recipient refused, message rejected) raises `PermanentFailure`; network
    errors and 4xx answers raise as they are, to be retried.
    """
    timeout = config.get("MAIL_TIMEOUT", 30)
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)
    try:
        if config.get("MAIL_USE_SSL"):
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        if codes and min(codes) >= 500:
            raise PermanentFailure(_describe(error)) from error
        raise
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            raise PermanentFailure(_describe(error)) from error
        raise


def _describe(error: Exception) -> str:
    """A short text of an SMTP error for the deliveries page."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {reply.decode(errors='replace')}"
            for address, (code, reply) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"{error.smtp_code} {text}"
    return str(error) or type(error).__name__


def describe_failure(error: Exception) -> str:
    """What the consultant reads about a failed delivery (the server's answer or the error)."""
    if isinstance(error, PermanentFailure):
        return str(error)
    return f"{type(error).__name__}: {_describe(error)}"[:1000]
