"""Home (sends each role to its own start page) and the health check."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from audit.web.main import views  # noqa: E402,F401
