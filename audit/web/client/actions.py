"""The client's corrective actions: the list, one action, moving it with a note and photo."""

from __future__ import annotations

from flask import url_for

from audit.scoping import get_action_or_404
from audit.web.access import client_required, me
from audit.web.action_pages import detail_page, list_page, update_from_form
from audit.web.client import bp


@bp.route("/actions")
@client_required
def actions():
    """The organisation's actions, overdue and soonest due first, with filters."""
    return list_page("client/actions.html")


@bp.route("/actions/<int:action_id>")
@client_required
def action(action_id: int):
    """One action: what failed, its recheck, evidence, history, and the update form."""
    return detail_page("client/action.html", get_action_or_404(action_id, me()))


@bp.route("/actions/<int:action_id>", methods=["POST"])
@client_required
def update_action(action_id: int):
    """Move the action to in progress or done, with a note and/or a photo."""
    found = get_action_or_404(action_id, me())
    return update_from_form(found, url_for(".action", action_id=found.id))
