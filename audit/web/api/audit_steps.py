"""The shape every audit transition of the API shares: load in scope, apply, commit, answer."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, jsonify

from audit.extensions import db
from audit.models import Audit, User
from audit.scoping import get_audit_or_404
from audit.web.access import me
from audit.web.api.serializers import audit_json


def apply_step(audit_id: int, step: Callable[[Audit, User], object]) -> Response:
    """Apply `step(audit, me)` to an audit in the caller's scope, commit, answer the audit.

    The audit is looked up first, so one outside the caller's scope is a 404 whatever the
    request body holds; the step's service errors leave the transaction uncommitted.
    """
    audit = get_audit_or_404(audit_id, me())
    step(audit, me())
    db.session.commit()
    return jsonify(audit_json(audit))
