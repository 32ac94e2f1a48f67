"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and the app set
to send to it."""

from __future__ import annotations

import email
import email.policy
import threading
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.jobs.backends import free_port


class Inbox:
    """What the server received; `refuse` makes it answer RCPT with that reply instead."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: str | None = None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages received for `address`."""
        return [
            m for m, (_, rcpt) in zip(self.messages, self.envelopes, strict=True) if address in rcpt
        ]


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port):
    """A running SMTP server on 127.0.0.1:smtp_port; its received messages."""
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield received
    controller.stop()


@pytest.fixture
def mail_app(app, smtp_port, monkeypatch):
    """The app mailing to the local server (it may be down: the `inbox` fixture starts it)."""
    for name, value in {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "MAIL_FROM": "Touchpoint Audit <audits@example.test>",
        "MAIL_TIMEOUT": 5,
        "BASE_URL": "https://audits.example.test",
    }.items():
        monkeypatch.setitem(app.config, name, value)
    return app
