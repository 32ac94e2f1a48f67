"""The corrective-action pages both audiences share: the list, one action, its update form.

The client's and the consultant's blueprints each route to these with their own template
(layout and navigation); what an action shows and how a form changes it is the same.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from audit.extensions import db
from audit.models import ActionStatus, CorrectiveAction
from audit.scoping import locations_for, organizations_for
from audit.services.action_followup import (
    ActionFilters,
    filtered_actions,
    parse_action_filters,
    recheck,
    with_rechecks,
)
from audit.services.actions import add_evidence, change_action, next_statuses, status_label
from audit.services.errors import ServiceError
from audit.web.access import me
from audit.web.pagination import page_of

STATUSES = [s.value for s in ActionStatus]


def _filters() -> tuple[ActionFilters, int]:
    """The page's filters, or none (each problem flashed, a 400) when they do not parse."""
    try:
        return parse_action_filters(request.args), 200
    except ServiceError as error:
        for problem in error.details:
            flash(_("Filter “%(field)s”: %(message)s", **problem), "error")
        return ActionFilters(), 400


def list_page(template: str) -> tuple[str, int]:
    """A page of the actions the signed-in user sees, narrowed by the query's filters."""
    filters, status = _filters()
    listing = page_of(filtered_actions(me(), filters))
    listing.items = with_rechecks(listing.items)
    user = me()
    return (
        render_template(
            template,
            listing=listing,
            filters=filters,
            statuses=STATUSES,
            status_label=status_label,
            locations=list(db.session.scalars(locations_for(user).order_by("name"))),
            organizations=list(db.session.scalars(organizations_for(user).order_by("name")))
            if user.is_consultant
            else [],
        ),
        status,
    )


def detail_page(template: str, action: CorrectiveAction, **context: Any) -> str:
    """One action: facts, recheck, evidence, history and the form to move it."""
    criterion = action.audit.checklist_version.definition.criterion(action.criterion_key)
    return render_template(
        template,
        action=action,
        criterion=criterion,
        recheck=recheck(action),
        moves=next_statuses(action, me()),
        status_label=status_label,
        **context,
    )


def update_from_form(action: CorrectiveAction, back: str) -> Response:
    """Move the action and/or add a note and a photo from the posted form, then go `back`."""
    status = request.form.get("status") or action.status
    note = request.form.get("note", "")
    upload = request.files.get("photo")
    data = upload.read() if upload and upload.filename else None
    moved = status != action.status
    try:
        if moved:
            change_action(action, me(), status=status, note=note)
        if data:
            add_evidence(action, me(), data, "" if moved else note)
        elif not moved:
            change_action(action, me(), note=note)
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "error")
        for problem in error.details:
            flash(problem["message"], "error")
        return redirect(back)
    db.session.commit()
    flash(_("Action updated."), "success")
    return redirect(back)
