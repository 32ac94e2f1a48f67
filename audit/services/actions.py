"""Corrective actions (platform.md v2): open from a failed criterion, follow up, verify.

```
open --(client or consultant)--> in_progress --> done --(consultant)--> verified
done --(client: not finished after all)--> in_progress
in_progress | done | verified --(consultant reopens)--> open
```

A client user of the action's organisation moves it to in progress or done, with a note
and photo evidence; only a consultant verifies, reopens, or changes the owner, due date and
title. Every change is an `ActionChange` (who, when, from, to, note). Publishing an audit
opens an action by itself for each failed critical criterion. Functions flush, never
commit: the request ends the transaction.

Other services (the notifications' "action due / overdue" mails) read actions through
`pending_actions_due`, `overdue_actions` and `recheck` only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from audit.extensions import db
from audit.models import (
    PENDING_STATUSES,
    ActionChange,
    ActionEvidence,
    ActionStatus,
    Audit,
    AuditStatus,
    CorrectiveAction,
    User,
)
from audit.services.accounts import find_user_by_email
from audit.services.errors import Conflict, InvalidState, NotAllowed, ValidationFailed
from audit.services.limits import COMMENT_MAX, NAME_MAX, check_length
from audit.services.photos import ingest_upload, stored_image
from audit.services.scheduling import _due as parse_due
from audit.services.scores import compute_score

A = ActionStatus
#: Audits whose failed criteria may get an action: the reviewer has accepted the findings.
ACTIONABLE_AUDITS = (AuditStatus.APPROVED.value, AuditStatus.PUBLISHED.value)
#: Moves a client user may make (from, to); consultants may make these and the ones below.
CLIENT_MOVES = frozenset(
    {
        (A.OPEN, A.IN_PROGRESS),
        (A.OPEN, A.DONE),
        (A.IN_PROGRESS, A.DONE),
        (A.DONE, A.IN_PROGRESS),
    }
)
CONSULTANT_MOVES = CLIENT_MOVES | {
    (A.DONE, A.VERIFIED),
    (A.IN_PROGRESS, A.OPEN),
    (A.DONE, A.OPEN),
    (A.VERIFIED, A.OPEN),
}
#: Statuses only a consultant sets (verifying, reopening).
CONSULTANT_ONLY = frozenset({A.VERIFIED.value, A.OPEN.value})
#: The consultant's own fields of an action (PATCH); clients may not change them.
EDITABLE_FIELDS = ("title", "owner_email", "due_date")


def status_label(status: str) -> str:
    """An action status in the reader's words."""
    labels = {
        A.OPEN: _("open"),
        A.IN_PROGRESS: _("in progress"),
        A.DONE: _("done"),
        A.VERIFIED: _("verified"),
    }
    return labels.get(status, status)


def _moves_for(user: User) -> frozenset[tuple[str, str]]:
    if user.is_consultant:
        return CONSULTANT_MOVES
    if user.is_client:
        return CLIENT_MOVES
    return frozenset()


def next_statuses(action: CorrectiveAction, user: User) -> list[str]:
    """The statuses `user` may move the action to now (for the pages' choices)."""
    moves = _moves_for(user)
    return [s.value for s in A if (action.status, s.value) in moves]


def _record(
    action: CorrectiveAction,
    actor: User | None,
    kind: str,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ActionChange:
    """Append an entry to the action's history."""
    change = ActionChange(
        actor_id=actor.id if actor else None,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data,
    )
    action.history.append(change)
    return change


def _text(field: str, value: object, limit: int) -> str:
    """A text field, trimmed; 422 naming it when it is not text or too long."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed(
            _("`%(field)s` must be text.", field=field),
            [{"field": field, "message": _("must be a string")}],
        )
    check_length(field, value, limit, _("`%(field)s` is too long.", field=field))
    return value.strip()


def _owner(action_org_id: int, email: object) -> User | None:
    """The client user of the organisation named by `email` ('' or None: no owner)."""
    email = _text("owner_email", email, 254)
    if not email:
        return None
    user = find_user_by_email(email)
    if user is None or not user.active or user.organization_id != action_org_id:
        raise ValidationFailed(
            _("The owner must be an active user of the client organisation."),
            [
                {
                    "field": "owner_email",
                    "message": _(
                        "%(email)s is not an active user of this organisation", email=email
                    ),
                }
            ],
        )
    return user


def _due_date(raw: object) -> date | None:
    if raw is not None and not isinstance(raw, str | date):
        raw = repr(raw)
    due, error = parse_due(raw)
    if error:
        raise ValidationFailed(
            _("The due date is not a date."), [{"field": "due_date", "message": error}]
        )
    return due


def failed_criteria(audit: Audit) -> list[str]:
    """Keys of the criteria that failed in the audit, in checklist order."""
    return list(compute_score(audit).failed)


def open_action(
    audit: Audit,
    consultant: User | None,
    criterion_key: object,
    *,
    title: object = None,
    owner_email: object = None,
    due_date: object = None,
    automatic: bool = False,
) -> CorrectiveAction:
    """Open an action on a criterion that failed in an approved or published audit.

    The title defaults to the criterion's text. A second action on the same criterion of
    the same audit is a Conflict (409): follow up the first one.
    """
    if audit.status not in ACTIONABLE_AUDITS:
        raise InvalidState(
            _(
                "Actions are opened from approved or published audits; this one is %(status)s.",
                status=_(audit.status.replace("_", " ")),
            )
        )
    key = _text("criterion", criterion_key, 64)
    if key not in failed_criteria(audit):
        raise ValidationFailed(
            _("Actions are opened on a criterion that failed in the audit."),
            [{"field": "criterion", "message": _("“%(key)s” did not fail here", key=key)}],
        )
    exists = db.session.scalar(
        select(CorrectiveAction.id).where(
            CorrectiveAction.audit_id == audit.id, CorrectiveAction.criterion_key == key
        )
    )
    if exists is not None:
        raise Conflict(
            _("This criterion already has action #%(id)d.", id=exists),
            [{"field": "criterion", "message": _("already has an action")}],
        )
    criterion = audit.checklist_version.definition.criterion(key)
    action = CorrectiveAction(
        audit=audit,
        organization_id=audit.organization_id,
        location_id=audit.location_id,
        criterion_key=key,
        title=_text("title", title, NAME_MAX) or criterion.text[:NAME_MAX],
        status=A.OPEN.value,
        owner=_owner(audit.organization_id, owner_email),
        due_date=_due_date(due_date),
        automatic=automatic,
        created_by_id=consultant.id if consultant else None,
    )
    db.session.add(action)
    note = _("Opened by itself: a critical criterion failed.") if automatic else ""
    _record(action, consultant, "opened", to_status=A.OPEN.value, note=note)
    db.session.flush()
    return action


def open_critical_actions(audit: Audit, publisher: User | None) -> list[CorrectiveAction]:
    """At publishing: an action for each failed critical criterion that has none yet."""
    result = compute_score(audit)
    have = set(
        db.session.scalars(
            select(CorrectiveAction.criterion_key).where(CorrectiveAction.audit_id == audit.id)
        )
    )
    due = datetime.now(UTC).date() + timedelta(days=current_app.config["ACTION_DUE_DAYS"])
    return [
        open_action(audit, publisher, key, due_date=due, automatic=True)
        for key in result.failed
        if key in result.critical_failures and key not in have
    ]


_UNSET: Any = object()


def change_action(
    action: CorrectiveAction,
    user: User,
    *,
    status: object = _UNSET,
    note: object = "",
    title: object = _UNSET,
    owner_email: object = _UNSET,
    due_date: object = _UNSET,
) -> CorrectiveAction:
    """Move the action and/or edit it, each change kept in its history.

    A status equal to the current one with a note records the note alone; an unchanged
    field records nothing. Clients may only move it (CLIENT_MOVES) and add notes.
    """
    note = _text("note", note, COMMENT_MAX)
    edits = {
        name: value
        for name, value in (("title", title), ("owner_email", owner_email), ("due_date", due_date))
        if value is not _UNSET
    }
    if edits and not user.is_consultant:
        raise NotAllowed(_("Only a consultant changes an action's title, owner or due date."))
    changed = _apply_edits(action, user, edits, note)
    if status is not _UNSET and status != action.status:
        _move(action, user, status, note)
    elif note and not changed:
        _record(action, user, "note", note=note)
    elif status is _UNSET and not changed:
        raise ValidationFailed(
            _("Nothing to change: send a status, a note or a field."),
            [{"field": "status", "message": _("required when nothing else changes")}],
        )
    db.session.flush()
    return action


def _move(action: CorrectiveAction, user: User, status: object, note: str) -> None:
    if status not in {s.value for s in A}:
        raise ValidationFailed(
            _("Unknown status."),
            [
                {
                    "field": "status",
                    "message": _("one of %(choices)s", choices=", ".join(s.value for s in A)),
                }
            ],
        )
    if (action.status, status) not in _moves_for(user):
        if not user.is_consultant and status in CONSULTANT_ONLY:
            raise NotAllowed(_("Only a consultant verifies or reopens an action."))
        raise InvalidState(
            _(
                "This action is %(status)s; it cannot become %(to)s.",
                status=status_label(action.status),
                to=status_label(str(status)),
            )
        )
    previous = action.status
    action.status = str(status)
    _record(action, user, "status", from_status=previous, to_status=action.status, note=note)


def _apply_edits(action: CorrectiveAction, user: User, edits: dict[str, Any], note: str) -> bool:
    """Apply the consultant's field edits; True when one changed (recorded with `note`)."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if "title" in edits:
        title = _text("title", edits["title"], NAME_MAX)
        if not title:
            raise ValidationFailed(
                _("An action needs a title."), [{"field": "title", "message": _("required")}]
            )
        if title != action.title:
            before["title"], after["title"] = action.title, title
            action.title = title
    if "owner_email" in edits:
        owner = _owner(action.organization_id, edits["owner_email"])
        if owner is not action.owner:
            before["owner"] = action.owner.email if action.owner else None
            after["owner"] = owner.email if owner else None
            action.owner = owner
    if "due_date" in edits:
        due = _due_date(edits["due_date"])
        if due != action.due_date:
            before["due_date"] = action.due_date.isoformat() if action.due_date else None
            after["due_date"] = due.isoformat() if due else None
            action.due_date = due
    if not after:
        return False
    _record(action, user, "edited", note=note, data={"before": before, "after": after})
    return True


def add_evidence(
    action: CorrectiveAction, user: User, data: bytes | None, note: object = ""
) -> ActionEvidence | None:
    """Attach a photo and/or a note showing the work; the photo is ingested like an audit's."""
    note = _text("note", note, COMMENT_MAX)
    if not data and not note:
        raise ValidationFailed(
            _("Send a photo (`file`), a note, or both."),
            [{"field": "file", "message": _("a photo or a note is required")}],
        )
    if action.status == A.VERIFIED.value:
        raise InvalidState(_("This action is verified; reopen it before adding evidence."))
    evidence = None
    if data:
        evidence = ActionEvidence(
            **stored_image(ingest_upload(data)), note=note, uploaded_by_id=user.id
        )
        action.evidence.append(evidence)
        db.session.flush()
    _record(
        action,
        user,
        "evidence" if evidence else "note",
        note=note,
        data={"evidence": evidence.id} if evidence else None,
    )
    db.session.flush()
    return evidence


def pending_actions_due(until: date) -> list[CorrectiveAction]:
    """Open or in-progress actions due on or before `until`, soonest first (for reminders)."""
    return list(
        db.session.scalars(
            select(CorrectiveAction)
            .where(
                CorrectiveAction.status.in_(PENDING_STATUSES),
                CorrectiveAction.due_date <= until,
            )
            .order_by(CorrectiveAction.due_date, CorrectiveAction.id)
        )
    )


def overdue_actions() -> list[CorrectiveAction]:
    """Open or in-progress actions whose due date has passed (UTC), oldest due first."""
    return list(
        db.session.scalars(
            select(CorrectiveAction)
            .where(CorrectiveAction.is_overdue)
            .order_by(CorrectiveAction.due_date, CorrectiveAction.id)
        )
    )


def organization_users(organization_id: int) -> list[User]:
    """The active users of a client organisation: who may own its actions."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.organization_id == organization_id, User.active)
            .order_by(User.name)
        )
    )
