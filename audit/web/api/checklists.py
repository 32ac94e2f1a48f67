"""The checklist library: list, upload (YAML), read a version or its source."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_babel import gettext as _
from pydantic import Field, model_validator
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import ChecklistVersion
from audit.services import limits
from audit.services.checklists import get_version, latest_versions, save_checklist_version
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import Media, endpoint
from audit.web.api.helpers import page_of
from audit.web.api.records import ChecklistFull, ChecklistOut
from audit.web.api.schemas import Page, Paging, Schema

YAML_TYPES = ("application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml")
# An empty YAML text is a checklist with problems (422), like any other text.
YAML = Media(YAML_TYPES[:2], accept=YAML_TYPES, text=True, allow_empty=True)
READERS = ("consultant", "auditor")


class VersionQuery(Schema):
    """Which version of a checklist."""

    version: int | None = Field(
        None, ge=1, le=limits.ID_MAX, description="a version number (default: the latest)"
    )

    @model_validator(mode="before")
    @classmethod
    def _read_version(cls, args: Any) -> Any:
        """A 400 naming `version` when it is not a whole number from 1 (limits.int_arg)."""
        if not isinstance(args, dict):
            return args
        return {**args, "version": limits.int_arg(args, "version", None)}


def _version_or_404(slug: str, query: VersionQuery) -> ChecklistVersion:
    version = get_version(slug, query.version)
    if version is None:
        raise NotFound(_("No checklist “%(slug)s” (or no such version).", slug=slug))
    return version


@bp.get("/checklists")
@endpoint(
    summary="Latest version of each checklist",
    tag="checklists",
    roles=READERS,
    query=Paging,
    responses={200: Page[ChecklistOut]},
)
def list_checklists(query: Paging):
    """The latest version of every checklist."""
    return page_of(latest_versions(), ChecklistOut.of, query)


@bp.post("/checklists")
@endpoint(
    summary="Upload a checklist (same id again = next version)",
    tag="checklists",
    roles=("consultant",),
    body=YAML,
    responses={201: ChecklistOut},
    errors=(415, 422),
    description="422 details are {line, path, message} for each problem of the YAML.",
)
def post_checklist(body: str):
    """Save YAML as a new checklist, or as the next version of an existing `id`."""
    version = save_checklist_version(body, me())
    db.session.commit()
    return ChecklistOut.of(version)


@bp.get("/checklists/<slug>.yaml")
@endpoint(
    summary="The YAML source of a checklist version",
    tag="checklists",
    roles=READERS,
    query=VersionQuery,
    responses={200: Media(("text/yaml",), {"description": "the checklist's YAML source"})},
)
def get_checklist_source(slug: str, query: VersionQuery):
    """The YAML source of the latest version (or `?version=N`)."""
    return Response(_version_or_404(slug, query).source, mimetype="text/yaml")


@bp.get("/checklists/<slug>")
@endpoint(
    summary="A checklist version with its touchpoints and criteria",
    tag="checklists",
    roles=READERS,
    query=VersionQuery,
    responses={200: ChecklistFull},
)
def get_checklist(slug: str, query: VersionQuery):
    """A checklist version with its touchpoints and criteria (latest, or `?version=N`)."""
    return ChecklistFull.of(_version_or_404(slug, query))
