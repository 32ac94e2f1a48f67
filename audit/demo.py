"""The demo data (docs/platform.md), so a newcomer sees a working platform."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from audit.extensions import db
from audit.models import User

CONSULTANT = "consultant@demo.test"
AUDITOR = "auditor@demo.test"
CLIENTS = {"acme": "client@acme.test", "globex": "client@globex.test"}


def database_is_empty() -> bool:
    """True before anyone has been created."""
    return not db.session.scalar(select(func.count()).select_from(User))


def demo_accounts() -> list[tuple[str, str]]:
    """(e-mail, role) of the demo accounts, for the start-up banner."""
    return [
        (CONSULTANT, "consultant"),
        (AUDITOR, "auditor"),
        *((email, "client") for email in CLIENTS.values()),
    ]


def seed_demo(password: str, progress: Callable[[str], None] = print) -> str:
    """Create the demo; returns a one-line summary."""
    from audit.demo_builder import build_demo
    from audit.jobs.queue import without_jobs

    with without_jobs():  # the demo's reports build on first download, not all at start-up
        return build_demo(password, progress)
