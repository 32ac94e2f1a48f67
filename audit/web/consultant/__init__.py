"""The consultant's pages: organisations, users, checklists, scheduling, review."""

from flask import Blueprint

bp = Blueprint("consultant", __name__, url_prefix="/consultant")

from audit.web.consultant import (  # noqa: E402,F401  (modules register their routes)
    actions,
    bulk,
    checklist_sets,
    checklists,
    deliveries,
    organizations,
    phrases,
    programmes,
    review,
    scheduling,
    users,
    views,
)
