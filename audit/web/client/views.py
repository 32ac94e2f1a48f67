"""The client's pages (thin: parse, authorise through scoping, call services)."""

from flask import render_template

from audit.web.access import client_required
from audit.web.client import bp


@bp.route("/")
@client_required
def home():
    """The client's home page."""
    return render_template("client/home.html")
