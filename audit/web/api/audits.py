"""Audits: assign, list (scoped, filtered), read, and the consultant's review transitions."""

from __future__ import annotations

from collections.abc import Callable

from flask import jsonify, request
from flask_login import login_required

from audit.extensions import db
from audit.models import Audit, Location, User
from audit.scoping import get_audit_or_404
from audit.services.errors import ValidationFailed
from audit.services.limits import as_id
from audit.services.report_filters import filtered_audits, parse_filters
from audit.services.scheduling import schedule_audit
from audit.services.workflow import approve_audit, publish_audit, return_audit
from audit.web.access import consultant_required, me
from audit.web.api import bp
from audit.web.api.audit_steps import apply_step
from audit.web.api.helpers import json_body, paginate, require_fields
from audit.web.api.serializers import audit_json

TEXT_FIELDS = ("checklist", "auditor", "due_date", "wave", "scenario")


def _summary(audit: Audit) -> dict:
    return audit_json(audit, full=False)


def _comment(required: bool = False) -> str:
    data = json_body() if (required or request.get_data()) else {}
    if required:
        require_fields(data, "comment")
    comment = data.get("comment", "")
    if not isinstance(comment, str):
        raise ValidationFailed(
            "`comment` must be text.", [{"field": "comment", "message": "must be a string"}]
        )
    return comment


@bp.post("/audits")
@consultant_required
def post_audit():
    """Assign an audit: checklist (id slug), location (id), auditor (e-mail), and extras."""
    data = json_body()
    require_fields(data, "checklist", "location", "auditor")
    problems = [
        {"field": k, "message": "must be a string"}
        for k in TEXT_FIELDS
        if data.get(k) is not None and not isinstance(data[k], str)
    ]
    location_id = as_id(data["location"])
    if location_id is None:
        problems.append({"field": "location", "message": "a location id (integer)"})
    if problems:
        raise ValidationFailed("The audit could not be assigned.", problems)
    location = db.session.get(Location, location_id)
    audit = schedule_audit(
        assigned_by=me(),
        checklist=data["checklist"],
        location=location,
        auditor=data["auditor"],
        due_date=data.get("due_date"),
        wave=data.get("wave") or "",
        scenario=data.get("scenario") or "",
    )
    db.session.commit()
    return jsonify(audit_json(audit)), 201


@bp.get("/audits")
@login_required
def list_audits():
    """The audits the caller may see, newest first, narrowed by the filters."""
    filters = parse_filters(request.args)
    stmt = filtered_audits(me(), filters).order_by(Audit.created_at.desc(), Audit.id.desc())
    return jsonify(paginate(stmt, _summary))


@bp.get("/audits/<int:audit_id>")
@login_required
def get_audit(audit_id: int):
    """One audit with its answers, photos and score (404 outside the caller's scope)."""
    return jsonify(audit_json(get_audit_or_404(audit_id, me())))


def _review_step(
    audit_id: int, step: Callable[[Audit, User, str], None], comment_required: bool = False
):
    """Apply one review step, with the body's comment (read once the audit is found)."""

    def with_comment(audit: Audit, user: User) -> None:
        step(audit, user, _comment(required=comment_required))

    return apply_step(audit_id, with_comment)


@bp.post("/audits/<int:audit_id>/return")
@consultant_required
def post_return(audit_id: int):
    """Send a submitted audit back to its auditor with a comment (409 in another state)."""
    return _review_step(audit_id, return_audit, comment_required=True)


@bp.post("/audits/<int:audit_id>/approve")
@consultant_required
def post_approve(audit_id: int):
    """Approve a submitted audit (409 in another state)."""
    return _review_step(audit_id, approve_audit)


@bp.post("/audits/<int:audit_id>/publish")
@consultant_required
def post_publish(audit_id: int):
    """Publish an approved audit: the client sees it from now on (409 in another state)."""
    return _review_step(audit_id, publish_audit)
