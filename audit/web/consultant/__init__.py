"""The consultant's pages: organisations, users, checklists, scheduling, review."""

from flask import Blueprint

bp = Blueprint("consultant", __name__, url_prefix="/consultant")

from audit.web.consultant import (  # noqa: E402,F401  (modules register their routes)
    checklist_sets,
    checklists,
    deliveries,
    organizations,
    review,
    scheduling,
    users,
    views,
)
