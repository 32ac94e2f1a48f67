"""The consultant's home: what needs attention now."""

from flask import render_template
from sqlalchemy import func, select

from audit.extensions import db
from audit.models import Audit, AuditStatus
from audit.services.consultant_lists import review_listing, review_spec
from audit.web.access import consultant_required
from audit.web.consultant import bp


@bp.route("/")
@consultant_required
def home():
    """Counts by status and the oldest audits waiting for review."""
    counts = dict(
        db.session.execute(select(Audit.status, func.count()).group_by(Audit.status)).all()
    )
    waiting = list(db.session.scalars(review_listing(review_spec().parse({})).limit(5)))
    return render_template(
        "consultant/home.html",
        counts={s.value: counts.get(s.value, 0) for s in AuditStatus},
        waiting=waiting,
    )
