"""Bulk actions on the consultant's audit lists: each row done or refused on its own.

Approve, publish, return (with one comment for all) and reassign (to one auditor) run per
audit inside a savepoint: a refused row (wrong state, missing audit) changes nothing and
says why, and the others still happen.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from audit.extensions import db
from audit.models import EDITABLE_STATUSES, Audit, User
from audit.services import notifications
from audit.services.errors import InvalidState, ServiceError, ValidationFailed
from audit.services.workflow import approve_audit, publish_audit, record_event, return_audit

BULK_ACTIONS = ("approve", "publish", "return", "reassign")


@dataclass(frozen=True)
class RowResult:
    """What became of one row of a bulk action: done (with the audit) or refused, and why."""

    id: int
    ok: bool
    message: str
    audit_id: int | None = None


def reassign_audit(audit: Audit, auditor: User, consultant: User) -> None:
    """Give an audit not submitted yet to another auditor (who is told, like an assignment)."""
    if audit.status not in EDITABLE_STATUSES:
        raise InvalidState(
            _(
                "Only assigned or in-progress audits can be reassigned; this one is %(status)s.",
                status=audit.status.replace("_", " "),
            )
        )
    if not auditor.is_auditor or not auditor.active:
        raise ValidationFailed(
            _("Audits can only be assigned to active auditors."),
            [{"field": "auditor", "message": _("not an active auditor")}],
        )
    if auditor.id == audit.auditor_id:
        raise InvalidState(_("It is already assigned to %(name)s.", name=auditor.name))
    previous = audit.auditor_id
    audit.auditor = auditor
    record_event(audit, consultant, "reassigned", data={"from": previous, "to": auditor.id})
    db.session.flush()
    notifications.on_assigned(audit)


def act_on(
    ids: list[int],
    action: str,
    consultant: User,
    *,
    comment: str = "",
    auditor: User | None = None,
) -> list[RowResult]:
    """Apply `action` to each audit of `ids`; a result per row, in the order given."""
    if action not in BULK_ACTIONS:
        raise ValidationFailed(
            _("Choose what to do with the selected audits."),
            [{"field": "action", "message": _("approve, publish, return or reassign")}],
        )
    if action == "reassign" and auditor is None:
        raise ValidationFailed(
            _("Choose the auditor to give the selected audits to."),
            [{"field": "auditor", "message": _("choose an auditor")}],
        )
    done = {
        "approve": (lambda a: approve_audit(a, consultant, comment), _("approved")),
        "publish": (lambda a: publish_audit(a, consultant, comment), _("published")),
        "return": (lambda a: return_audit(a, consultant, comment), _("returned to the auditor")),
        "reassign": (
            lambda a: reassign_audit(a, auditor, consultant),
            _("given to %(name)s", name=auditor.name if auditor else ""),
        ),
    }
    change, words = done[action]
    results = []
    for audit_id in ids:
        audit = db.session.get(Audit, audit_id)
        if audit is None:
            results.append(RowResult(audit_id, False, _("no such audit")))
            continue
        try:
            with db.session.begin_nested():
                change(audit)
        except ServiceError as error:
            details = "; ".join(d.get("message", "") for d in error.details)
            results.append(RowResult(audit_id, False, f"{error.message} {details}".strip()))
        else:
            results.append(RowResult(audit_id, True, words, audit_id))
    return results
