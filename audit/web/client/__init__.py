"""The client's pages."""

from flask import Blueprint

bp = Blueprint("client", __name__, url_prefix="/client")

from audit.web.client import actions, views  # noqa: E402,F401
