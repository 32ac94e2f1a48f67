"""Audits: assign, list (scoped, filtered), read, and the consultant's review transitions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from audit.extensions import db
from audit.models import Audit, Location, User
from audit.scoping import get_audit_or_404
from audit.services import limits
from audit.services.flag_words import assignment_warning, flag_title
from audit.services.flags import assignment_warnings
from audit.services.report_filters import filtered_audits
from audit.services.review_feedback import return_with_notes
from audit.services.scheduling import schedule_audit
from audit.services.workflow import approve_audit, publish_audit
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.audit_steps import apply_step
from audit.web.api.declare import endpoint
from audit.web.api.helpers import paginate
from audit.web.api.records import AUDIT_OUT_LOADS, AuditOut, AuditSummary
from audit.web.api.schemas import (
    AuditFilterQuery,
    Comment,
    Id,
    Page,
    Paging,
    Schema,
    text,
)

CONSULTANT = ("consultant",)


class AuditIn(Schema):
    """An audit to assign."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "checklist": "retail-visit",
                    "location": 1,
                    "auditor": "auditor@example.com",
                    "due_date": "2026-12-01",
                    "wave": "2026 Q4",
                }
            ]
        }
    )
    checklist: str = Field(min_length=1, description="checklist id (slug)")
    location: Id = Field(description="location id")
    auditor: str = Field(min_length=1, description="the auditor's e-mail")
    due_date: Annotated[str, Field(json_schema_extra={"format": "date"})] | None = None
    wave: Annotated[str, text(limits.WAVE_MAX)] | None = None
    scenario: Annotated[str, text(limits.SCENARIO_MAX)] | None = None


class AssignmentWarningOut(Schema):
    """Something to reconsider about an assignment (it is made all the same)."""

    model_config = ConfigDict(title="AssignmentWarning")
    kind: Literal["rotation"] = Field(
        description="rotation: the auditor audited this location in the previous wave "
        "(the same finding becomes a `rotation` flag if the audit is submitted)"
    )
    severity: Literal["info", "warning", "critical"]
    title: str
    message: str = Field(description="what was found, in the reader's language")
    evidence: dict[str, Any] = Field(description="rotation: previous_wave, previous_audits")


class AssignedAuditOut(AuditOut):
    """The audit just assigned, with what the consultant should reconsider."""

    model_config = ConfigDict(title="AssignedAudit")
    warnings: list[AssignmentWarningOut] = Field(
        description="as the assign page warns (empty when nothing to reconsider)"
    )

    @classmethod
    def of(cls, audit: Audit, viewer: User | None = None) -> Any:
        """The audit as `AuditOut` shows it, and its assignment's warnings."""
        warnings = [
            AssignmentWarningOut(
                kind=finding.kind,
                severity=finding.severity,
                title=flag_title(finding.kind),
                message=assignment_warning(audit, finding),
                evidence=finding.evidence,
            )
            for finding in assignment_warnings(audit)
        ]
        return cls(**dict(AuditOut.of(audit, viewer)), warnings=warnings)


class AuditListQuery(AuditFilterQuery, Paging):
    """The list's filters and page."""


@bp.post("/audits")
@endpoint(
    summary="Assign an audit",
    tag="audits",
    roles=CONSULTANT,
    body=AuditIn,
    responses={201: AssignedAuditOut},
)
def post_audit(body: AuditIn):
    """Assign an audit: checklist (id slug), location (id), auditor (e-mail), and extras."""
    audit = schedule_audit(
        assigned_by=me(),
        checklist=body.checklist,
        location=db.session.get(Location, body.location),
        auditor=body.auditor,
        due_date=body.due_date,
        wave=body.wave or "",
        scenario=body.scenario or "",
    )
    db.session.commit()
    return AssignedAuditOut.of(audit)


@bp.get("/audits")
@endpoint(
    summary="Audits the caller may see, newest first",
    tag="audits",
    who="everyone (scoped: consultant all, auditor own, client published of own organisation)",
    query=AuditListQuery,
    responses={200: Page[AuditSummary]},
)
def list_audits(query: AuditListQuery):
    """The audits the caller may see, newest first, narrowed by the filters."""
    # In the order of the audits' `created` indexes (created_at is never NULL: the same rows),
    # with what each summary shows loaded in the same query.
    stmt = filtered_audits(me(), query.filters()).order_by(
        Audit.created_at.desc().nulls_last(), Audit.id.desc()
    )
    return paginate(stmt.options(*AUDIT_OUT_LOADS), AuditSummary.shaper(), query, stmt, Audit.id)


@bp.get("/audits/<int:audit_id>")
@endpoint(
    summary="One audit: status, checklist, answers, photos, score",
    tag="audits",
    who="scoped",
    responses={200: AuditOut},
)
def get_audit(audit_id: int):
    """One audit with its answers, photos and score (404 outside the caller's scope)."""
    return AuditOut.of(get_audit_or_404(audit_id, me(), *AUDIT_OUT_LOADS))


def _review_step(audit_id: int, step: Callable[[Audit, User, str], None], comment: str):
    """Apply one review step with the body's comment."""
    return apply_step(audit_id, lambda audit, user: step(audit, user, comment))


REVIEW = {"tag": "review", "roles": CONSULTANT, "responses": {200: AuditOut}, "errors": (409,)}


class ReturnIn(Schema):
    """Returning to the auditor: an overall comment, notes per criterion, or both."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"comment": "Two fixes", "criteria": {"wait": "Check the receipt"}}]
        }
    )
    comment: Annotated[str, text(limits.COMMENT_MAX)] = ""
    criteria: dict[str, str] | None = Field(
        default=None, description="notes by criterion key, shown to the auditor at each question"
    )


@bp.post("/audits/<int:audit_id>/return")
@endpoint(
    summary="Return a submitted audit to its auditor with a comment and/or a note per "
    "criterion (at least one); internal: never shown to clients",
    body=ReturnIn,
    **REVIEW,
)
def post_return(audit_id: int, body: ReturnIn):
    """Send a submitted audit back to its auditor with a comment and/or notes per criterion
    (409 in another state)."""
    return apply_step(
        audit_id, lambda audit, user: return_with_notes(audit, user, body.comment, body.criteria)
    )


@bp.post("/audits/<int:audit_id>/approve")
@endpoint(
    summary="Approve a submitted audit (optional `{comment}`)",
    body=Comment,
    body_required=False,
    **REVIEW,
)
def post_approve(audit_id: int, body: Comment):
    """Approve a submitted audit (409 in another state)."""
    return _review_step(audit_id, approve_audit, body.comment)


@bp.post("/audits/<int:audit_id>/publish")
@endpoint(
    summary="Publish an approved audit to the client (optional `{comment}`)",
    body=Comment,
    body_required=False,
    **REVIEW,
)
def post_publish(audit_id: int, body: Comment):
    """Publish an approved audit: the client sees it from now on (409 in another state)."""
    return _review_step(audit_id, publish_audit, body.comment)
