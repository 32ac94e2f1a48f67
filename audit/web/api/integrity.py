"""Visit integrity: check-in, the timing log, and the flags reviewers read and dismiss."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StrictFloat
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import AuditFlag
from audit.scoping import get_audit_or_404
from audit.services import limits
from audit.services.flags import dismiss_flag, flags_of
from audit.services.integrity import record_checkin, record_opening
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import endpoint
from audit.web.api.records import CheckinOut, FlagOut
from audit.web.api.schemas import DeviceTime, Schema, Timestamp, text

AUDITOR_STEP = {"tag": "auditing", "who": "its auditor, while the audit can change"}
REVIEW = {"tag": "review", "roles": ("consultant",)}


class CheckinIn(Schema):
    """Where the device is as the visit starts (the browser's geolocation)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"latitude": 48.8566, "longitude": 2.3522, "accuracy_m": 15}]
        }
    )
    latitude: StrictFloat = Field(ge=-90, le=90)
    longitude: StrictFloat = Field(ge=-180, le=180)
    accuracy_m: StrictFloat | None = Field(None, ge=0, description="the device's accuracy")


class OpeningIn(Schema):
    """A touchpoint shown on the auditor's page (the timing log)."""

    touchpoint: str = Field(description="the touchpoint's key")
    opened_at: DeviceTime | None = Field(None, description="device time (default: now)")


class OpeningOut(Schema):
    """What the timing log recorded."""

    touchpoint: str
    opened_at: Timestamp
    logged: bool = Field(description="false once the audit's log is full (2,000 openings)")


class FlagList(Schema):
    """An audit's flags, open ones and the most severe first."""

    items: list[FlagOut]
    total: int


class DismissIn(Schema):
    """Why a flag does not apply."""

    reason: Annotated[str, text(limits.COMMENT_MAX)]


@bp.post("/audits/<int:audit_id>/checkin")
@endpoint(
    summary="Check in: the device's position as the visit starts",
    body=CheckinIn,
    responses={201: CheckinOut},
    errors=(403, 409),
    **AUDITOR_STEP,
)
def post_checkin(audit_id: int, body: CheckinIn):
    """Record the auditor's position as the visit starts, with its distance to the location."""
    audit = get_audit_or_404(audit_id, me())
    checkin = record_checkin(audit, me(), body.model_dump())
    db.session.commit()
    return CheckinOut.of(checkin), 201


@bp.post("/audits/<int:audit_id>/openings")
@endpoint(
    summary="Timing log: a touchpoint was opened on the device",
    body=OpeningIn,
    responses={201: OpeningOut},
    errors=(403, 409),
    **AUDITOR_STEP,
)
def post_opening(audit_id: int, body: OpeningIn):
    """Log that a touchpoint was opened (device time; now when not given)."""
    audit = get_audit_or_404(audit_id, me())
    opened_at = body.opened_at or datetime.now(UTC)
    logged = record_opening(audit, me(), body.touchpoint, opened_at)
    db.session.commit()
    return OpeningOut(touchpoint=body.touchpoint, opened_at=opened_at, logged=logged), 201


@bp.get("/audits/<int:audit_id>/flags")
@endpoint(
    summary="Integrity flags raised when the audit was submitted",
    responses={200: FlagList},
    **REVIEW,
)
def list_flags(audit_id: int):
    """The audit's integrity flags, open ones and the most severe first."""
    flags = flags_of(get_audit_or_404(audit_id, me()))
    return FlagList(items=[FlagOut.of(f) for f in flags], total=len(flags))


@bp.post("/audits/<int:audit_id>/flags/<int:flag_id>/dismiss")
@endpoint(
    summary="Dismiss a flag with the reason it does not apply (who and when are kept)",
    body=DismissIn,
    responses={200: FlagOut},
    errors=(409,),
    **REVIEW,
)
def post_dismiss(audit_id: int, flag_id: int, body: DismissIn):
    """Dismiss a flag with the reason it does not apply; who and when are kept."""
    audit = get_audit_or_404(audit_id, me())
    flag = db.session.get(AuditFlag, flag_id)
    if flag is None or flag.audit_id != audit.id:
        raise NotFound()
    dismiss_flag(flag, me(), body.reason)
    db.session.commit()
    return FlagOut.of(flag)
