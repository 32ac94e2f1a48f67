"""The signed-in person's own account: password, devices, API tokens, notifications."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from audit.web.account import notifications, views  # noqa: E402,F401  (routes register on import)
