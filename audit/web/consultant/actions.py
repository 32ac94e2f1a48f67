"""The consultant's corrective actions: open from a failed criterion, follow up, verify."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from audit.extensions import db
from audit.scoping import get_action_or_404, get_audit_or_404
from audit.services.actions import change_action, open_action, organization_users
from audit.services.errors import ServiceError
from audit.web.access import consultant_required, me
from audit.web.action_pages import detail_page, list_page, update_from_form
from audit.web.consultant import bp
from audit.web.consultant.common import show_problems


@bp.route("/actions")
@consultant_required
def actions():
    """Every client's actions, overdue and soonest due first, with filters."""
    return list_page("consultant/actions.html")


@bp.route("/actions/<int:action_id>")
@consultant_required
def action(action_id: int):
    """One action with the forms to move, verify, reopen or edit it."""
    found = get_action_or_404(action_id, me())
    return detail_page(
        "consultant/action.html", found, owners=organization_users(found.organization_id)
    )


@bp.route("/actions/<int:action_id>/update", methods=["POST"])
@consultant_required
def update_action(action_id: int):
    """Move the action (verify, reopen...) with a note and/or a photo."""
    found = get_action_or_404(action_id, me())
    return update_from_form(found, url_for(".action", action_id=found.id))


@bp.route("/actions/<int:action_id>/edit", methods=["POST"])
@consultant_required
def edit_action(action_id: int):
    """Change the action's title, owner and due date."""
    found = get_action_or_404(action_id, me())
    fields = {name: request.form.get(name, "") for name in ("title", "owner_email", "due_date")}
    try:
        change_action(found, me(), **fields)
    except ServiceError as error:
        db.session.rollback()
        show_problems(None, error)
    else:
        db.session.commit()
        flash(_("Action updated."), "success")
    return redirect(url_for(".action", action_id=found.id))


@bp.route("/audits/<int:audit_id>/actions", methods=["POST"])
@consultant_required
def open_action_from_audit(audit_id: int):
    """Open an action on one failed criterion of the audit (title, owner, due date)."""
    audit = get_audit_or_404(audit_id, me())
    try:
        created = open_action(
            audit,
            me(),
            request.form.get("criterion", ""),
            title=request.form.get("title") or None,
            owner_email=request.form.get("owner_email") or None,
            due_date=request.form.get("due_date") or None,
        )
    except ServiceError as error:
        db.session.rollback()
        show_problems(None, error)
        return redirect(url_for(".audit", audit_id=audit.id))
    db.session.commit()
    flash(_("Action #%(id)d opened.", id=created.id), "success")
    return redirect(url_for(".action", action_id=created.id))
