"""An organisation's own set of checklists (ticked on its page; none ticked: all offered)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from audit.extensions import db
from audit.scoping import get_organization_or_404
from audit.services.checklist_sets import set_checklists
from audit.services.errors import ServiceError
from audit.web.access import consultant_required, me
from audit.web.consultant import bp
from audit.web.consultant.common import show_problems


@bp.route("/organizations/<slug>/checklists", methods=["POST"])
@consultant_required
def organization_checklists(slug: str):
    """Save the checklists offered to this organisation."""
    org = get_organization_or_404(slug, me())
    try:
        chosen = set_checklists(org, request.form.getlist("checklists"))
    except ServiceError as error:
        db.session.rollback()
        show_problems(None, error)
    else:
        db.session.commit()
        if chosen:
            flash(
                _("%(name)s is offered %(count)d checklist(s).", name=org.name, count=len(chosen)),
                "success",
            )
        else:
            flash(_("%(name)s is offered every checklist.", name=org.name), "success")
    return redirect(url_for(".organization", slug=org.slug, _anchor="checklists"))
