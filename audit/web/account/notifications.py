"""My notifications (the bell): the list, marking read, and which e-mails I receive."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.mail.kinds import kinds_for, subject_of
from audit.services.notifications import (
    mark_read,
    notifications_of,
    opt_outs_of,
    set_opt_outs,
    unread_count,
)
from audit.web.account import bp
from audit.web.pagination import page_of


@bp.get("/notifications")
@login_required
def notifications():
    """My notifications, newest first, a page at a time."""
    return render_template(
        "account/notifications.html",
        listing=page_of(notifications_of(current_user)),
        text_of=subject_of,
    )


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    """Mark one notification read and open what it is about (another user's is a 404)."""
    row = mark_read(current_user, notification_id)
    if row is None:
        raise NotFound()
    db.session.commit()
    if request.form.get("open") == "1" and row.link.startswith("/"):
        return redirect(row.link)
    return redirect(url_for("account.notifications", page=request.form.get("page") or None))


@bp.post("/notifications/read-all")
@login_required
def read_all():
    """Mark every notification read."""
    mark_read(current_user)
    db.session.commit()
    flash(_("Every notification is marked read."), "success")
    return redirect(url_for("account.notifications"))


@bp.post("/mail")
@login_required
def mail_preferences():
    """Turn kinds of e-mail on or off (the ticked ones are received)."""
    wanted = set(request.form.getlist("kind"))
    set_opt_outs(
        current_user, [k.code for k in kinds_for(current_user.role) if k.code not in wanted]
    )
    db.session.commit()
    flash(_("Your e-mail choices are saved."), "success")
    return redirect(url_for("account.index") + "#mail")


@bp.app_context_processor
def unread_notifications() -> dict:
    """The header's bell reads the unread count on every page of a signed-in user."""

    def count() -> int:
        return unread_count(current_user) if current_user.is_authenticated else 0

    return {"unread_notifications": count}


def mail_choices() -> list[tuple[str, str, bool]]:
    """The account page's e-mail choices: (kind, label, received)."""
    off = opt_outs_of(current_user)
    return [(k.code, str(k.label), k.code not in off) for k in kinds_for(current_user.role)]
