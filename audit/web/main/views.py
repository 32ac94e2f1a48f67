"""Home redirect and /healthz."""

from flask import jsonify, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from audit.extensions import db
from audit.web.main import bp

ROLE_HOMES = {
    "consultant": "consultant.home",
    "auditor": "auditor.home",
    "client": "client.home",
}


@bp.route("/")
@login_required
def index():
    """Send each role to its own home page."""
    return redirect(url_for(ROLE_HOMES[current_user.role]))


@bp.route("/healthz")
def healthz():
    """200 once the app and its database answer."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001  (any database failure means unhealthy)
        db.session.rollback()
        return jsonify(status="error", message=str(error.__class__.__name__)), 503
    return jsonify(status="ok")
