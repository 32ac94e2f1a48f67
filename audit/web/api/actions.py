"""Corrective actions (platform.md v2): list, open, read, move or edit, and evidence photos."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from flask import url_for
from flask_babel import gettext as _
from pydantic import ConfigDict, Field, model_validator

from audit.extensions import db
from audit.models import ActionChange, ActionEvidence, Audit, CorrectiveAction
from audit.models.actions import ActionStatus
from audit.scoping import get_action_or_404, get_evidence_or_404
from audit.services import limits
from audit.services.action_followup import ActionFilters, filtered_actions, parse_action_filters
from audit.services.action_followup import recheck as find_recheck
from audit.services.actions import add_evidence, change_action, open_action
from audit.services.errors import ValidationFailed
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import Media, endpoint
from audit.web.api.evidence_files import CACHE_CONTROL
from audit.web.api.helpers import paginate
from audit.web.api.photos import SizeQuery, Upload
from audit.web.api.records import RowRecord
from audit.web.api.schemas import Id, Page, Paging, Schema, Timestamp, text
from audit.web.stored_files import send_stored_jpeg

Status = Literal[tuple(s.value for s in ActionStatus)]  # type: ignore[valid-type]
ACTIONS = {"tag": "actions", "roles": ("consultant", "client")}
WHO = "consultant; client (own organisation)"


class ActionQuery(Paging):
    """The list's filters and page."""

    status: Status | None = None  # type: ignore[valid-type]
    organization: str | None = Field(None, description="organisation slug or id (consultants)")
    location: int | None = Field(None, ge=1, le=limits.ID_MAX, description="location id")
    overdue: bool | None = Field(None, description="true: only overdue; false: none overdue")

    @model_validator(mode="before")
    @classmethod
    def _read_filters(cls, args: Any) -> Any:
        """Parsed by `parse_action_filters` (the pages' parser): a 400 names each bad one."""
        if not isinstance(args, dict):
            return args
        return {**args, **asdict(parse_action_filters(args))}

    def filters(self) -> ActionFilters:
        """The service layer's filters."""
        return ActionFilters(
            status=self.status,
            organization=self.organization,
            location=self.location,
            overdue=self.overdue,
        )


class ActionIn(Schema):
    """An action to open on a failed criterion."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"audit": 1, "criterion": "greeted", "due_date": "2026-12-31"}]
        }
    )
    audit: Id = Field(description="an approved or published audit")
    criterion: str = Field(min_length=1, description="a criterion that failed in it")
    title: Annotated[str, text(limits.NAME_MAX)] | None = Field(
        None, description="default: the criterion's text"
    )
    owner_email: str | None = Field(None, description="a user of the client organisation")
    due_date: Annotated[str, Field(json_schema_extra={"format": "date"})] | None = None


class ActionPatch(Schema):
    """A move (`status` with a `note`) and, for consultants, edits."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "done", "note": "New sign installed"}]},
    )
    status: Status | None = None  # type: ignore[valid-type]
    note: Annotated[str, text(limits.COMMENT_MAX)] | None = None
    title: Annotated[str, text(limits.NAME_MAX)] | None = Field(None, description="consultant only")
    owner_email: str | None = Field(None, description="consultant only")
    due_date: Annotated[str, Field(json_schema_extra={"format": "date"})] | None = Field(
        None, description="consultant only"
    )


class EvidenceForm(Schema):
    """A photo (`file`) and/or a note."""

    file: Upload | None = None
    note: Annotated[str, text(limits.COMMENT_MAX)] = ""


class ActionLocation(Schema):
    """Where the action is to be taken."""

    id: int
    name: str


class Person(Schema):
    """Who owns the action."""

    email: str
    name: str


class Recheck(Schema):
    """The next published audit of the location that answered the criterion."""

    audit: int
    visited_at: Timestamp | None
    passed: bool

    @classmethod
    def of(cls, action: CorrectiveAction) -> Recheck | None:
        """The action's recheck (services/action_followup.py), None until a visit answers."""
        found = find_recheck(action)
        if found is None:
            return None
        return cls(audit=found.audit.id, visited_at=found.visited_at, passed=found.passed)


class HistoryEntry(Schema):
    """One change of the action."""

    at: Timestamp | None
    who: str
    kind: Literal["opened", "status", "note", "edited", "evidence"]
    from_: str | None = Field(alias="from")
    to: str | None
    note: str
    changes: dict[str, Any] | None

    @classmethod
    def of(cls, change: ActionChange) -> HistoryEntry:
        """The change as the API shows it."""
        return cls(
            at=change.created_at,
            who=change.actor.name if change.actor else _("System"),
            kind=change.kind,
            from_=change.from_status,
            to=change.to_status,
            note=change.note,
            changes=change.data if change.kind == "edited" else None,
        )


class Evidence(RowRecord):
    """An evidence photo's metadata and where to fetch its sizes."""

    id: int
    note: str
    width: int | None
    height: int | None
    taken_at: Timestamp | None
    created_at: Timestamp | None
    url: str
    thumb_url: str

    @classmethod
    def of(cls, evidence: ActionEvidence) -> Evidence:
        """The evidence as the API shows it."""
        url = url_for(
            "api.get_action_evidence", action_id=evidence.action_id, evidence_id=evidence.id
        )
        return cls.from_row(evidence, url=url, thumb_url=url + "?size=thumb")


class ActionSummary(Schema):
    """An action as lists show it (with its recheck, as the single action has it)."""

    id: int
    status: Status  # type: ignore[valid-type]
    audit: int = Field(description="the audit the criterion failed in")
    organization: str
    location: ActionLocation
    criterion: str = Field(description="criterion key")
    criterion_text: str
    title: str
    owner: Person | None
    due_date: date | None
    overdue: bool = Field(description="due date passed, still open or in progress")
    automatic: bool = Field(description="opened by publishing (critical failure)")
    created_at: Timestamp | None
    recheck: Recheck | None = Field(
        description="the next published visit that answered the criterion (null: none yet)"
    )

    @classmethod
    def fields_of(cls, action: CorrectiveAction) -> dict[str, Any]:
        """The summary's fields."""
        criterion = action.audit.checklist_version.definition.criterion(action.criterion_key)
        owner = action.owner
        return {
            "id": action.id,
            "status": action.status,
            "audit": action.audit_id,
            "organization": action.audit.organization.slug,
            "location": ActionLocation(id=action.location_id, name=action.location.name),
            "criterion": action.criterion_key,
            "criterion_text": criterion.text,
            "title": action.title,
            "owner": Person(email=owner.email, name=owner.name) if owner else None,
            "due_date": action.due_date,
            "overdue": action.is_overdue,
            "automatic": action.automatic,
            "created_at": action.created_at,
            "recheck": Recheck.of(action),
        }

    @classmethod
    def of(cls, action: CorrectiveAction) -> Any:
        """The action as lists show it."""
        return cls(**cls.fields_of(action))


class Action(ActionSummary):
    """One action with its recheck, history and evidence."""

    history: list[HistoryEntry]
    evidence: list[Evidence]

    @classmethod
    def of(cls, action: CorrectiveAction) -> Any:
        """The whole action."""
        return cls(
            **cls.fields_of(action),
            history=[HistoryEntry.of(c) for c in action.history],
            evidence=[Evidence.of(e) for e in action.evidence],
        )


@bp.get("/actions")
@endpoint(
    summary="Corrective actions the caller may see, overdue and soonest due first",
    who="consultant (all), client (own organisation's published audits)",
    query=ActionQuery,
    responses={200: Page[ActionSummary]},
    **ACTIONS,
)
def list_actions(query: ActionQuery):
    """The actions the caller may see (filters status, organization, location, overdue)."""
    return paginate(filtered_actions(me(), query.filters()), ActionSummary.of, query)


@bp.post("/actions")
@endpoint(
    summary="Open a corrective action on a failed criterion",
    tag="actions",
    roles=("consultant",),
    body=ActionIn,
    responses={201: Action},
    errors=(409,),
)
def post_action(body: ActionIn):
    """Open an action on a failed criterion of an approved or published audit."""
    audit = db.session.get(Audit, body.audit)
    if audit is None:
        raise ValidationFailed(
            _("No such audit."), [{"field": "audit", "message": _("an audit id")}]
        )
    action = open_action(
        audit,
        me(),
        body.criterion,
        title=body.title,
        owner_email=body.owner_email,
        due_date=body.due_date,
    )
    db.session.commit()
    return Action.of(action)


@bp.get("/actions/<int:action_id>")
@endpoint(
    summary="One action with its history, evidence and recheck",
    who=WHO,
    responses={200: Action},
    **ACTIONS,
)
def get_action(action_id: int):
    """One action with its history, evidence and recheck (404 outside the caller's scope)."""
    return Action.of(get_action_or_404(action_id, me()))


@bp.patch("/actions/<int:action_id>")
@endpoint(
    summary="Move the action with a note (client: in_progress, done; consultant also "
    "verified, open) and edit title, owner, due date (consultant)",
    who=WHO,
    body=ActionPatch,
    responses={200: Action},
    errors=(409,),
    **ACTIONS,
)
def patch_action(action_id: int, body: ActionPatch):
    """Move the action (`status`) with a `note`; consultants also edit title, owner, due date."""
    action = get_action_or_404(action_id, me())
    change_action(action, me(), **body.model_dump(exclude_unset=True))
    db.session.commit()
    return Action.of(action)


@bp.post("/actions/<int:action_id>/evidence")
@endpoint(
    summary="Add evidence: a photo (multipart `file`) and/or a `note`",
    who=WHO,
    body=Media(("multipart/form-data",), model=EvidenceForm),
    responses={201: Action},
    errors=(409, 507),
    **ACTIONS,
)
def post_action_evidence(action_id: int, body: EvidenceForm):
    """Add evidence: multipart `file` (a photo) and/or `note`."""
    action = get_action_or_404(action_id, me())
    add_evidence(action, me(), body.file.read() if body.file else None, body.note)
    db.session.commit()
    return Action.of(action)


@bp.get("/actions/<int:action_id>/evidence/<int:evidence_id>")
@endpoint(
    summary="An evidence photo (`?size=thumb|display|print|original`)",
    who=WHO,
    query=SizeQuery,
    responses={200: Media(("image/jpeg",)), 304: None},
    **ACTIONS,
)
def get_action_evidence(action_id: int, evidence_id: int, query: SizeQuery):
    """One stored size of an evidence photo."""
    evidence = get_evidence_or_404(get_action_or_404(action_id, me()), evidence_id)
    return send_stored_jpeg(evidence.sha256, query.size, cache_control=CACHE_CONTROL)
