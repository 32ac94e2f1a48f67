"""The auditor's pages (thin: parse, authorise through scoping, call services)."""

from flask import render_template

from audit.web.access import auditor_required
from audit.web.auditor import bp


@bp.route("/")
@auditor_required
def home():
    """The auditor's home page."""
    return render_template("auditor/home.html")
