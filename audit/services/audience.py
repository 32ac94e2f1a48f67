"""Who a page, PDF, export or API answer is for, and what that audience may read of people.

platform.md v2, "Organisation settings": mystery shoppers stay anonymous to the staff they
assess. A client sees each auditor as a stable pseudonym ("Shopper 3") unless the
organisation's `show_auditor_names` is set, and never an auditor's e-mail. What consultants
write to auditors when returning an audit is internal: the client's trail holds the
milestones (assigned, started, submitted, approved, published) without their comments and
the answer corrections with their reason (why a score changed); returns, with their notes,
and any other kind of entry stay internal. The firm (consultants, and auditors on their own
audits) sees names, e-mails and notes.

Shopper numbers are per organisation, given in the order of each auditor's first audit
there (the lowest audit id): stable across audits and reports, unique within the
organisation, and unrelated to user ids. Nothing is stored: the number is read back from
the audits, which are never deleted or reassigned.
"""

from __future__ import annotations

import enum

from flask_babel import gettext as _
from sqlalchemy import func, select

from audit.extensions import db
from audit.models import Audit, AuditEvent, Organization, User
from audit.reports import EventLine


class Audience(enum.StrEnum):
    """Who reads: the audit firm's people or the client organisation's."""

    STAFF = "staff"
    CLIENT = "client"


def audience_of(user: User) -> Audience:
    """The audience a signed-in user belongs to."""
    return Audience.CLIENT if user.is_client else Audience.STAFF


#: Trail entries a client sees (any other kind, present or future, stays internal).
CLIENT_TRAIL_ACTIONS = frozenset(
    {"assigned", "started", "submitted", "approved", "published", "answer_corrected"}
)
#: ... and those whose comment the client reads: a correction's reason explains a score.
CLIENT_TRAIL_COMMENTS = frozenset({"answer_corrected"})
#: Entries nobody reads in a report: the outbox's bookkeeping.
HIDDEN_TRAIL_ACTIONS = frozenset({"sync_conflict"})


class AuditorNames:
    """How auditors are named to one audience; each organisation's numbers are read once."""

    def __init__(self, audience: Audience) -> None:
        self.audience = audience
        self._numbers: dict[int, dict[int, int]] = {}

    def label(self, organization: Organization, auditor: User) -> str:
        """The auditor's name for the firm, or for a client the organisation allows."""
        return self.label_of(
            organization.id, organization.show_auditor_names, auditor.id, auditor.name
        )

    def label_of(self, organization_id: int, show_names: bool, auditor_id: int, name: str) -> str:
        """`label` from bare columns (the CSV export reads no rows, only columns)."""
        if self.audience is Audience.STAFF or show_names:
            return name
        return _("Shopper %(number)d", number=self._number(organization_id, auditor_id))

    def _number(self, organization_id: int, auditor_id: int) -> int:
        numbers = self._numbers.get(organization_id)
        if numbers is None or auditor_id not in numbers:
            numbers = self._numbers[organization_id] = shopper_numbers(organization_id)
        return numbers.get(auditor_id, 0)


def shopper_numbers(organization_id: int) -> dict[int, int]:
    """{auditor id: shopper number} for one organisation, by each auditor's first audit."""
    # One probe of ix_audits_organization_auditor per user, not a pass over every audit of
    # the organisation (a million of them in a few years).
    first = (
        select(func.min(Audit.id))
        .where(Audit.organization_id == organization_id, Audit.auditor_id == User.id)
        .scalar_subquery()
        .label("first")
    )
    rows = db.session.execute(select(User.id, first).where(first.isnot(None)).order_by(first))
    return {auditor_id: number for number, (auditor_id, _first) in enumerate(rows, 1)}


def auditor_label(audit: Audit, audience: Audience) -> str:
    """How the audit's auditor is shown to `audience`."""
    return AuditorNames(audience).label(audit.organization, audit.auditor)


def _actor(event: AuditEvent, audit: Audit, names: AuditorNames) -> str:
    actor = event.actor
    if actor is None:
        return _("System")
    if actor.is_auditor:
        return names.label(audit.organization, actor)
    return actor.name


def trail(audit: Audit, audience: Audience) -> list[EventLine]:
    """The audit trail as `audience` may read it, oldest first (times in UTC)."""
    names = AuditorNames(audience)
    client = audience is Audience.CLIENT
    return [
        EventLine(
            when=event.created_at,
            who=_actor(event, audit, names),
            action=event.action,
            comment=""
            if client and event.action not in CLIENT_TRAIL_COMMENTS
            else event.comment or "",
        )
        for event in audit.events
        if event.action not in HIDDEN_TRAIL_ACTIONS
        and (not client or event.action in CLIENT_TRAIL_ACTIONS)
    ]


def return_comment(audit: Audit, audience: Audience) -> str:
    """The consultant's note returning the audit: internal, '' for a client."""
    return "" if audience is Audience.CLIENT else audit.return_comment or ""
