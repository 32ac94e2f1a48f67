"""Bulk actions on the audits list: approve, publish, return, reassign; a result per row."""

from __future__ import annotations

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _

from audit.extensions import db
from audit.models import User
from audit.services.bulk import act_on
from audit.services.errors import ServiceError
from audit.services.limits import COMMENT_MAX, as_id
from audit.web.access import consultant_required, me
from audit.web.auth.views import safe_next
from audit.web.consultant import bp
from audit.web.consultant.common import show_problems


@bp.route("/audits/bulk", methods=["POST"])
@consultant_required
def bulk_audits():
    """Do one thing to every ticked audit; each row is done or refused on its own."""
    back = safe_next(request.form.get("next")) or url_for(".audits")
    action = request.form.get("action", "")
    ids = [n for n in map(as_id, request.form.getlist("ids")) if n is not None]
    if not ids:
        flash(_("Tick at least one audit."), "error")
        return redirect(back)
    if action in ("approve", "publish") and request.form.get("confirm") != "1":
        flash(
            _(
                "Tick “I have checked the selected audits” to approve or publish them;"
                " nothing changed."
            ),
            "error",
        )
        return redirect(back)
    auditor = db.session.get(User, as_id(request.form.get("auditor")) or 0)
    try:
        results = act_on(
            ids,
            action,
            me(),
            comment=(request.form.get("comment") or "")[: COMMENT_MAX + 1],
            auditor=auditor if action == "reassign" else None,
        )
    except ServiceError as error:
        show_problems(None, error)
        return redirect(back)
    db.session.commit()
    session["bulk_results"] = [r.__dict__ for r in results]
    done = sum(r.ok for r in results)
    flash(
        _("%(done)d of %(n)d audit(s) done; see each row's result.", done=done, n=len(results)),
        "success" if done == len(results) else "warning",
    )
    return redirect(back)
