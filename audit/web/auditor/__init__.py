"""The auditor's pages."""

from flask import Blueprint

bp = Blueprint("auditor", __name__, url_prefix="/auditor")

from audit.web.auditor import views  # noqa: E402,F401
