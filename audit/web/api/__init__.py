"""The JSON API v1 (docs/api.md): token auth, JSON errors, scoped resources.

Each resource lives in its own module; they register their routes on `bp` on import.
"""

from flask import Blueprint, current_app, g, request
from flask_login import current_user

from audit.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer-token clients have no CSRF token; browser (cookie) callers are checked below.
csrf.exempt(bp)


@bp.before_request
def protect_cookie_sessions():
    """A browser using its session cookie must send the CSRF token (X-CSRFToken header)."""
    # Load the user now, before any view changes anything: the token loader commits.
    current_user._get_current_object()
    if request.method in ("GET", "HEAD", "OPTIONS") or g.get("signed_in_by_token"):
        return
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if current_user.is_authenticated:
        csrf.protect()


from audit.web.api import (  # noqa: E402,F401  (modules register their routes)
    actions,
    answers,
    audio,
    audits,
    auth,
    checklists,
    exports,
    integrity,
    jobs,
    openapi,
    organizations,
    photos,
    phrases,
    reports,
    users,
)
