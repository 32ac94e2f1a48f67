"""The signed-in person's own account: password, signed-in devices, API tokens."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from audit.web.account import views  # noqa: E402,F401  (routes register on import)
