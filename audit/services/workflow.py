"""An audit's life (docs/platform.md): assign, start, submit, return, approve, publish.

```
assigned --(auditor starts)--> in_progress --(submit)--> submitted
submitted --(return with comment)--> in_progress
submitted --(approve)--> approved --(publish)--> published
```

Every transition is recorded as an `AuditEvent` (who, when, comment). Functions flush but
never commit: the request (or CLI command) ends the transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import update

from audit.extensions import db
from audit.jobs import enqueue_after_commit
from audit.models import Audit, AuditEvent, AuditStatus, ChecklistVersion, Location, User
from audit.services import notifications
from audit.services.errors import InvalidState, NotAllowed, ValidationFailed
from audit.services.limits import COMMENT_MAX, check_length
from audit.services.scores import refresh_score, submission_problems

S = AuditStatus


def record_event(
    audit: Audit,
    actor: User | None,
    action: str,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an entry to the audit trail."""
    event = AuditEvent(
        audit=audit,
        actor_id=actor.id if actor else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data,
    )
    db.session.add(event)
    return event


def _transition(
    audit: Audit, actor: User, allowed_from: tuple[S, ...], to: S, action: str, comment: str = ""
) -> AuditEvent:
    check_length("comment", comment, COMMENT_MAX, _("The comment is too long."))
    if audit.status not in {s.value for s in allowed_from}:
        raise InvalidState(
            _(
                "This audit is %(status)s; it cannot be %(action)s now.",
                status=_(audit.status.replace("_", " ")),
                action=_(action),
            )
        )
    previous = audit.status
    audit.status = to.value
    event = record_event(
        audit, actor, action, from_status=previous, to_status=to.value, comment=comment
    )
    db.session.flush()
    return event


def assign_audit(
    *,
    version: ChecklistVersion,
    location: Location,
    auditor: User,
    assigned_by: User | None,
    due_date: date | None = None,
    wave: str = "",
    scenario: str = "",
) -> Audit:
    """Create an audit pinned to `version` for `auditor` to visit `location`."""
    if not auditor.is_auditor or not auditor.active:
        raise ValidationFailed(
            _("Audits can only be assigned to active auditors."),
            [
                {
                    "field": "auditor",
                    "message": _("%(email)s is not an active auditor", email=auditor.email),
                }
            ],
        )
    audit = Audit(
        organization_id=location.organization_id,
        location=location,
        checklist_version=version,
        auditor=auditor,
        status=S.ASSIGNED.value,
        due_date=due_date,
        wave=wave.strip(),
        scenario=scenario.strip(),
    )
    db.session.add(audit)
    refresh_score(audit)
    record_event(audit, assigned_by, "assigned", to_status=S.ASSIGNED.value)
    db.session.flush()
    notifications.on_assigned(audit)
    return audit


def lock_audit(audit: Audit) -> None:
    """Make concurrent changes to one audit wait for each other until the commit.

    A write takes PostgreSQL's row lock (and SQLite's database lock); what the caller
    reads after it is what the previous writer committed, so checks done before it must
    be done again after it.
    """
    # The write that waits also reads the row back (RETURNING, refreshing the loaded
    # audit): what was loaded before waiting may be stale. Collections are read again on
    # next use; the checklist version and location never change.
    db.session.execute(
        update(Audit)
        .where(Audit.id == audit.id)
        .values(updated_at=datetime.now(UTC))
        .returning(Audit),
        execution_options={"populate_existing": True},
    )
    db.session.expire(audit, ["answers", "photos", "events"])


def require_own_editable(audit: Audit, user: User) -> None:
    """Answers and photos change only while assigned/in progress, and only by its auditor."""
    if audit.auditor_id != user.id:
        raise NotAllowed(_("Only the audit's auditor can change its answers and photos."))
    if not audit.is_editable:
        raise InvalidState(
            _(
                "This audit is %(status)s; its answers can no longer change.",
                status=_(audit.status.replace("_", " ")),
            )
        )


def start_audit(audit: Audit, auditor: User) -> None:
    """assigned -> in_progress; called on the auditor's first change (idempotent after)."""
    require_own_editable(audit, auditor)
    if audit.status == S.ASSIGNED.value:
        audit.started_at = datetime.now(UTC)
        _transition(audit, auditor, (S.ASSIGNED,), S.IN_PROGRESS, "started")


def submit_audit(audit: Audit, auditor: User) -> None:
    """in_progress -> submitted, once every required answer, photo and evidence is there."""
    require_own_editable(audit, auditor)
    problems = submission_problems(audit)
    if problems:
        raise ValidationFailed(_("The audit is not complete yet."), problems)
    if audit.status == S.ASSIGNED.value:
        start_audit(audit, auditor)
    # The flags read the workflow's events; they never stop a submit (platform.md v2).
    from audit.services.flags import raise_flags

    now = datetime.now(UTC)
    audit.submitted_at = now
    audit.visited_at = audit.visited_at or audit.started_at or now
    _transition(audit, auditor, (S.IN_PROGRESS,), S.SUBMITTED, "submitted")
    raise_flags(audit)
    notifications.on_submitted(audit)


def return_audit(audit: Audit, consultant: User, comment: str) -> AuditEvent:
    """submitted -> in_progress with the consultant's comment for the auditor (its event)."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed(
            _("Say what the auditor should fix."),
            [{"field": "comment", "message": _("a comment is required to return an audit")}],
        )
    event = _transition(audit, consultant, (S.SUBMITTED,), S.IN_PROGRESS, "returned", comment)
    audit.return_comment = comment
    notifications.on_returned(audit, comment)
    return event


def approve_audit(audit: Audit, consultant: User, comment: str = "") -> None:
    """submitted -> approved."""
    audit.approved_at = datetime.now(UTC)
    _transition(audit, consultant, (S.SUBMITTED,), S.APPROVED, "approved", comment)


def publish_audit(audit: Audit, consultant: User, comment: str = "") -> None:
    """approved -> published: from now on the client sees it (its PDF is built meanwhile).

    Each failed critical criterion opens a corrective action by itself.
    """
    # The report jobs and actions read through services that import this module.
    from audit.jobs.reports import prebuild_audit_report
    from audit.services.actions import open_critical_actions

    _transition(audit, consultant, (S.APPROVED,), S.PUBLISHED, "published", comment)
    audit.published_at = datetime.now(UTC)
    open_critical_actions(audit, consultant)
    enqueue_after_commit(prebuild_audit_report, audit.id)
    notifications.on_published(audit)
