"""The shape every audit transition of the API shares: load in scope, apply, commit, answer."""

from __future__ import annotations

from collections.abc import Callable

from audit.extensions import db
from audit.models import Audit, User
from audit.scoping import get_audit_or_404
from audit.web.access import me
from audit.web.api.records import AUDIT_OUT_LOADS, AuditOut


def apply_step(audit_id: int, step: Callable[[Audit, User], object]) -> AuditOut:
    """Apply `step(audit, me)` to an audit in the caller's scope, commit, answer the audit.

    The audit is looked up before the step, and the step's service errors leave the
    transaction uncommitted.
    """
    audit = get_audit_or_404(audit_id, me(), *AUDIT_OUT_LOADS)
    step(audit, me())
    db.session.commit()
    return AuditOut.of(audit)
