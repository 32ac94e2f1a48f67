"""E-mails sent or not: every delivery with its status and error, and sending one again."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.mail.smtp import mail_enabled
from audit.models import MailDelivery
from audit.services.errors import ServiceError
from audit.services.notifications import DELIVERY_STATUSES, deliveries, resend
from audit.web.access import consultant_required, me
from audit.web.consultant import bp
from audit.web.consultant.common import show_problems
from audit.web.pagination import page_of


@bp.route("/deliveries")
@consultant_required
def deliveries_list():
    """Every e-mail, newest first; `?status=failed` shows the ones that did not go."""
    status = request.args.get("status", "")
    if status and status not in DELIVERY_STATUSES:
        flash(_("Unknown status “%(status)s”: every e-mail is shown.", status=status), "warning")
        status = ""
    return render_template(
        "consultant/deliveries.html",
        listing=page_of(deliveries(status or None)),
        status=status,
        statuses=DELIVERY_STATUSES,
        mail_on=mail_enabled(current_app.config),
    )


@bp.route("/deliveries/<int:delivery_id>/resend", methods=["POST"])
@consultant_required
def resend_delivery(delivery_id: int):
    """Queue a failed e-mail again (a password link is issued anew)."""
    delivery = db.session.get(MailDelivery, delivery_id)
    if delivery is None:
        raise NotFound()
    try:
        resend(delivery, me())
    except ServiceError as error:
        show_problems(None, error)
    else:
        db.session.commit()
        flash(_("The e-mail to %(email)s is queued again.", email=delivery.to_address), "success")
    return redirect(url_for(".deliveries_list", status=request.form.get("status") or None))
