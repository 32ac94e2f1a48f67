"""Reviewing what auditors send back: the queue, corrections, and releasing to the client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from audit.extensions import db
from audit.models import Audit, AuditStatus, User
from audit.services.answers import correct_answer
from audit.services.errors import InvalidState, ValidationFailed
from audit.services.workflow import publish_audit

CORRECTABLE = (AuditStatus.SUBMITTED.value, AuditStatus.APPROVED.value)


def correct_during_review(
    audit: Audit, consultant: User, key: str, value: Any, reason: str
) -> None:
    """Correct one answer of a submitted or approved audit (recorded with who and why).

    Published audits are what the client has seen; they are not changed behind their back.
    """
    if audit.status not in CORRECTABLE:
        raise InvalidState(
            _(
                "Only submitted or approved audits can be corrected; this one is %(status)s.",
                status=_(audit.status.replace("_", " ")),
            )
        )
    correct_answer(audit, consultant, key, value, reason)


def publish_many(audits: list[Audit], consultant: User) -> list[Audit]:
    """Publish several approved audits at once: all of them, or none when one is not approved."""
    if not audits:
        raise ValidationFailed(
            _("Choose at least one audit to publish."),
            [{"field": "ids", "message": _("no audit chosen")}],
        )
    wrong = [a for a in audits if a.status != AuditStatus.APPROVED.value]
    if wrong:
        raise InvalidState(
            _("Only approved audits can be published; nothing was published."),
            [
                {
                    "field": str(a.id),
                    "message": _(
                        "audit %(id)d is %(status)s", id=a.id, status=_(a.status.replace("_", " "))
                    ),
                }
                for a in wrong
            ],
        )
    for audit in audits:
        publish_audit(audit, consultant)
    return audits


@dataclass(frozen=True)
class Timings:
    """When the auditor worked on the audit, for the reviewer to judge plausibility."""

    assigned_at: datetime | None
    started_at: datetime | None
    visited_at: datetime | None
    submitted_at: datetime | None
    first_answer_at: datetime | None
    last_answer_at: datetime | None

    @property
    def working_time(self) -> timedelta | None:
        """From starting to submitting."""
        if self.started_at and self.submitted_at:
            return self.submitted_at - self.started_at
        return None

    @property
    def answering_span(self) -> timedelta | None:
        """From the first to the last answer given."""
        if self.first_answer_at and self.last_answer_at:
            return self.last_answer_at - self.first_answer_at
        return None


def timings(audit: Audit) -> Timings:
    """The auditor's timings of an audit."""
    answered = sorted(a.answered_at for a in audit.answers if a.answered_at is not None)
    return Timings(
        assigned_at=audit.created_at,
        started_at=audit.started_at,
        visited_at=audit.visited_at,
        submitted_at=audit.submitted_at,
        first_answer_at=answered[0] if answered else None,
        last_answer_at=answered[-1] if answered else None,
    )


def audits_by_ids(ids: list[int]) -> list[Audit]:
    """The audits with these ids (a consultant sees all), in the order given."""
    found = {a.id: a for a in db.session.scalars(select(Audit).where(Audit.id.in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed(
            _("Some audits do not exist."),
            [{"field": str(i), "message": _("no such audit")} for i in missing],
        )
    return [found[i] for i in ids]
