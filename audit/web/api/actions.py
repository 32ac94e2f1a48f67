"""Corrective actions (platform.md v2): list, open, read, move or edit, and evidence photos."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask_babel import gettext as _

from audit.extensions import db
from audit.models import ActionChange, ActionEvidence, Audit, CorrectiveAction
from audit.scoping import get_action_or_404, get_evidence_or_404
from audit.services.action_followup import filtered_actions, parse_action_filters, recheck
from audit.services.actions import EDITABLE_FIELDS, add_evidence, change_action, open_action
from audit.services.errors import ValidationFailed
from audit.services.limits import as_id
from audit.web.access import consultant_required, me, role_required
from audit.web.api import bp
from audit.web.api.helpers import BadRequest, json_body, paginate, require_fields
from audit.web.api.photos import CACHE_CONTROL, SIZES
from audit.web.api.serializers import iso
from audit.web.stored_files import send_stored_jpeg

client_data_required = role_required("consultant", "client")
PATCH_FIELDS = ("status", "note", *EDITABLE_FIELDS)


def _change_json(change: ActionChange) -> dict[str, Any]:
    return {
        "at": iso(change.created_at),
        "who": change.actor.name if change.actor else _("System"),
        "kind": change.kind,
        "from": change.from_status,
        "to": change.to_status,
        "note": change.note,
        "changes": change.data if change.kind == "edited" else None,
    }


def evidence_json(evidence: ActionEvidence) -> dict[str, Any]:
    """An evidence photo's metadata and where to fetch its sizes."""
    url = url_for("api.get_action_evidence", action_id=evidence.action_id, evidence_id=evidence.id)
    return {
        "id": evidence.id,
        "note": evidence.note,
        "width": evidence.width,
        "height": evidence.height,
        "taken_at": iso(evidence.taken_at),
        "created_at": iso(evidence.created_at),
        "url": url,
        "thumb_url": url + "?size=thumb",
    }


def action_json(action: CorrectiveAction, full: bool = True) -> dict[str, Any]:
    """An action: status, audit, location, criterion, owner, due date, and when `full` its
    history, evidence and recheck."""
    criterion = action.audit.checklist_version.definition.criterion(action.criterion_key)
    data: dict[str, Any] = {
        "id": action.id,
        "status": action.status,
        "audit": action.audit_id,
        "organization": action.audit.organization.slug,
        "location": {"id": action.location_id, "name": action.location.name},
        "criterion": action.criterion_key,
        "criterion_text": criterion.text,
        "title": action.title,
        "owner": {"email": action.owner.email, "name": action.owner.name} if action.owner else None,
        "due_date": iso(action.due_date),
        "overdue": action.is_overdue,
        "automatic": action.automatic,
        "created_at": iso(action.created_at),
    }
    if full:
        found = recheck(action)
        data["recheck"] = (
            {
                "audit": found.audit.id,
                "visited_at": iso(found.visited_at),
                "passed": found.passed,
            }
            if found
            else None
        )
        data["history"] = [_change_json(c) for c in action.history]
        data["evidence"] = [evidence_json(e) for e in action.evidence]
    return data


@bp.get("/actions")
@client_data_required
def list_actions():
    """The actions the caller may see (filters status, organization, location, overdue)."""
    filters = parse_action_filters(request.args)
    return jsonify(paginate(filtered_actions(me(), filters), lambda a: action_json(a, False)))


@bp.post("/actions")
@consultant_required
def post_action():
    """Open an action on a failed criterion of an approved or published audit."""
    data = json_body()
    require_fields(data, "audit", "criterion")
    audit_id = as_id(data["audit"])
    audit = db.session.get(Audit, audit_id) if audit_id is not None else None
    if audit is None:
        raise ValidationFailed(
            _("No such audit."), [{"field": "audit", "message": _("an audit id")}]
        )
    action = open_action(
        audit,
        me(),
        data["criterion"],
        title=data.get("title"),
        owner_email=data.get("owner_email"),
        due_date=data.get("due_date"),
    )
    db.session.commit()
    return jsonify(action_json(action)), 201


@bp.get("/actions/<int:action_id>")
@client_data_required
def get_action(action_id: int):
    """One action with its history, evidence and recheck (404 outside the caller's scope)."""
    return jsonify(action_json(get_action_or_404(action_id, me())))


@bp.patch("/actions/<int:action_id>")
@client_data_required
def patch_action(action_id: int):
    """Move the action (`status`) with a `note`; consultants also edit title, owner, due date."""
    action = get_action_or_404(action_id, me())
    body = json_body()
    unknown = sorted(set(body) - set(PATCH_FIELDS))
    if unknown:
        raise ValidationFailed(
            _("Unknown fields."),
            [{"field": name, "message": _("not a field of an action")} for name in unknown],
        )
    change_action(action, me(), **body)
    db.session.commit()
    return jsonify(action_json(action))


@bp.post("/actions/<int:action_id>/evidence")
@client_data_required
def post_action_evidence(action_id: int):
    """Add evidence: multipart `file` (a photo) and/or `note`."""
    action = get_action_or_404(action_id, me())
    upload = request.files.get("file")
    add_evidence(action, me(), upload.read() if upload else None, request.form.get("note", ""))
    db.session.commit()
    return jsonify(action_json(action)), 201


@bp.get("/actions/<int:action_id>/evidence/<int:evidence_id>")
@client_data_required
def get_action_evidence(action_id: int, evidence_id: int):
    """One stored size of an evidence photo (`?size=thumb|display|print|original`)."""
    evidence = get_evidence_or_404(get_action_or_404(action_id, me()), evidence_id)
    size = request.args.get("size", "display")
    if size not in SIZES:
        raise BadRequest(
            _("Unknown photo size."),
            [{"field": "size", "message": _("one of %(choices)s", choices=", ".join(SIZES))}],
        )
    return send_stored_jpeg(evidence.sha256, size, cache_control=CACHE_CONTROL)
