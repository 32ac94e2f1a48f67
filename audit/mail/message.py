"""Writing one e-mail (plain text, UTF-8) in the recipient's language."""

from __future__ import annotations

from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from typing import Any

from flask import current_app
from flask_babel import force_locale

from audit.mail.kinds import KINDS, lead_of, subject_of

LANGUAGES = ("en", "ar", "ru")


def mail_language(language: str | None) -> str:
    """The user's language when the app has it, else the default (English)."""
    return language if language in LANGUAGES else current_app.config["BABEL_DEFAULT_LOCALE"]


def write_message(
    *,
    kind: str,
    params: Mapping[str, Any],
    to_name: str,
    to_address: str,
    language: str | None,
    link: str,
    account_url: str,
) -> EmailMessage:
    """The message of a notification or password link, written in `language`."""
    config = current_app.config
    with force_locale(mail_language(language)):
        subject = subject_of(kind, params)
        body = current_app.jinja_env.get_template("mail/message.txt").render(
            name=to_name,
            lead=lead_of(kind, params),
            link=link,
            optional=KINDS[kind].optional,
            account_url=account_url,
        )
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = config["MAIL_FROM"]
    message["To"] = formataddr((to_name, to_address))
    message["Date"] = formatdate(localtime=False)
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2]
    message["Message-ID"] = make_msgid(domain=domain or None)
    message["Auto-Submitted"] = "auto-generated"  # no vacation replies to a robot
    message.set_content(body)
    message["Content-Language"] = mail_language(language)  # after: set_content drops it
    return message
