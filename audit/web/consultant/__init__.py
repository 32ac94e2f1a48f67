"""The consultant's pages."""

from flask import Blueprint

bp = Blueprint("consultant", __name__, url_prefix="/consultant")

from audit.web.consultant import views  # noqa: E402,F401
