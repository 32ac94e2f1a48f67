"""Sign-in, sign-out and one-time password links."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from audit.web.auth import views  # noqa: E402,F401  (routes register on import)
