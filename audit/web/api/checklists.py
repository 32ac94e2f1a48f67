"""The checklist library: list, upload (YAML), read a version or its source."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import ChecklistVersion
from audit.services.checklists import get_version, latest_versions, save_checklist_version
from audit.services.errors import ServiceError
from audit.services.limits import PAGE_MAX
from audit.web.access import consultant_required, me, role_required
from audit.web.api import bp
from audit.web.api.helpers import BadRequest, int_arg
from audit.web.api.serializers import checklist_json

YAML_TYPES = ("application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml")
readers = role_required("consultant", "auditor")


class UnsupportedMediaType(ServiceError):
    """The body is not of a type this endpoint reads (415)."""

    status = 415
    code = "unsupported_media_type"


def _version_or_404(slug: str) -> ChecklistVersion:
    version = get_version(slug, int_arg("version", 0, minimum=1) or None)
    if version is None:
        raise NotFound(f"No checklist {slug!r} (or no such version).")
    return version


@bp.get("/checklists")
@readers
def list_checklists():
    """The latest version of every checklist."""
    versions = latest_versions()
    page = int_arg("page", 1, maximum=PAGE_MAX)
    per_page = int_arg(
        "per_page",
        current_app.config["API_PER_PAGE_DEFAULT"],
        maximum=current_app.config["API_PER_PAGE_MAX"],
    )
    shown = versions[(page - 1) * per_page : page * per_page]
    return jsonify(
        items=[checklist_json(v) for v in shown], total=len(versions), page=page, per_page=per_page
    )


@bp.post("/checklists")
@consultant_required
def post_checklist():
    """Save YAML as a new checklist, or as the next version of an existing `id`."""
    if request.mimetype not in YAML_TYPES:
        raise UnsupportedMediaType(
            "Send the checklist as YAML (Content-Type: application/yaml or text/yaml)."
        )
    try:
        source = request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The YAML must be UTF-8 text.") from None
    version = save_checklist_version(source, me())
    db.session.commit()
    return jsonify(checklist_json(version)), 201


@bp.get("/checklists/<slug>.yaml")
@readers
def get_checklist_source(slug: str):
    """The YAML source of the latest version (or `?version=N`)."""
    version = _version_or_404(slug)
    return Response(version.source, mimetype="text/yaml")


@bp.get("/checklists/<slug>")
@readers
def get_checklist(slug: str):
    """A checklist version with its touchpoints and criteria (latest, or `?version=N`)."""
    return jsonify(checklist_json(_version_or_404(slug), full=True))
