"""The consultant's pages (thin: parse, authorise through scoping, call services)."""

from flask import render_template

from audit.web.access import consultant_required
from audit.web.consultant import bp


@bp.route("/")
@consultant_required
def home():
    """The consultant's home page."""
    return render_template("consultant/home.html")
