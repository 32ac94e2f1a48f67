"""Visit integrity: check-ins, the timing log, flags raised at submit, and dismissing them.

The checks themselves are pure (`audit.integrity`); this module gathers their facts from
the database, stores what they find as `AuditFlag`s and keeps `Audit.open_flags` in step.
Flags inform the reviewer: nothing here ever changes an audit's status.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from audit.extensions import db
from audit.integrity import Thresholds, haversine_m
from audit.integrity.geo import valid_position
from audit.models import Audit, Checkin, Organization, TouchpointOpening, User
from audit.services.errors import ValidationFailed
from audit.services.workflow import require_own_editable, start_audit

# The organisation's settings this module reads, with their accepted ranges (inclusive).
THRESHOLD_RANGES: dict[str, tuple[float, float]] = {
    "checkin_radius_m": (10, 100_000),
    "min_visit_minutes": (0, 24 * 60),
    "photo_time_tolerance_h": (0.25, 24 * 14),
    # Up to 7 bits every stored near-duplicate is found (audit.integrity.phash).
    "duplicate_photo_distance": (0, 7),
    "score_outlier_points": (1, 100),
}
INTEGER_THRESHOLDS = ("checkin_radius_m", "min_visit_minutes", "duplicate_photo_distance")
# The timing log keeps at most this many openings per audit (a page left switching all day).
MAX_OPENINGS = 2000


def integrity_settings(organization: Organization) -> Thresholds:
    """The organisation's integrity thresholds (the defaults where a column is empty)."""
    default = Thresholds()
    return Thresholds(
        checkin_radius_m=organization.checkin_radius_m or default.checkin_radius_m,
        min_visit_minutes=organization.min_visit_minutes,
        photo_time_tolerance_h=organization.photo_time_tolerance_h
        or default.photo_time_tolerance_h,
        duplicate_photo_distance=default.duplicate_photo_distance
        if organization.duplicate_photo_distance is None
        else organization.duplicate_photo_distance,
        score_outlier_points=organization.score_outlier_points or default.score_outlier_points,
    )


def threshold_problems(values: dict[str, Any]) -> list[dict]:
    """What is wrong with integrity thresholds sent to PATCH or the settings page."""
    problems: list[dict] = []
    for key, (low, high) in THRESHOLD_RANGES.items():
        if key not in values or (key == "min_visit_minutes" and values[key] is None):
            continue
        value = values[key]
        integer = key in INTEGER_THRESHOLDS
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or (integer and value != int(value))
        ):
            kind = _("a whole number") if integer else _("a number")
            problems.append({"field": key, "message": kind})
        elif not low <= value <= high:
            problems.append(
                {
                    "field": key,
                    "message": _("from %(low)s to %(high)s", low=_plain(low), high=_plain(high)),
                }
            )
    return problems


def _plain(value: float) -> str:
    """A bound as people write it: 300, 0.25 (no trailing .0)."""
    return f"{value:g}"


def _number(data: dict[str, Any], key: str, problems: list[dict], *, required: bool) -> Any:
    value = data.get(key)
    if value is None:
        if required:
            problems.append({"field": key, "message": _("required")})
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append({"field": key, "message": _("a number")})
        return None
    return float(value)


def position_problems(data: dict[str, Any], *, required: bool) -> list[dict]:
    """Latitude/longitude: numbers in range, both or neither (required: both)."""
    problems: list[dict] = []
    lat = _number(data, "latitude", problems, required=required)
    lon = _number(data, "longitude", problems, required=required)
    if problems:
        return problems
    if (lat is None) != (lon is None):
        missing = "latitude" if lat is None else "longitude"
        return [{"field": missing, "message": _("give both latitude and longitude, or neither")}]
    if lat is not None and not -90 <= lat <= 90:
        problems.append({"field": "latitude", "message": _("from -90 to 90 degrees")})
    if lon is not None and not -180 <= lon <= 180:
        problems.append({"field": "longitude", "message": _("from -180 to 180 degrees")})
    return problems


def record_checkin(audit: Audit, auditor: User, data: dict[str, Any]) -> Checkin:
    """Store where the auditor's device is as the visit starts, with its distance."""
    require_own_editable(audit, auditor)
    problems = position_problems(data, required=True)
    accuracy = _number(data, "accuracy_m", problems, required=False)
    if accuracy is not None and accuracy < 0:
        problems.append({"field": "accuracy_m", "message": _("at least 0")})
    if problems:
        raise ValidationFailed(_("The check-in was refused."), problems)
    location = audit.location
    distance = None
    if valid_position(location.latitude, location.longitude):
        distance = haversine_m(
            data["latitude"], data["longitude"], location.latitude, location.longitude
        )
    start_audit(audit, auditor)
    checkin = Checkin(
        audit=audit,
        user_id=auditor.id,
        latitude=float(data["latitude"]),
        longitude=float(data["longitude"]),
        accuracy_m=accuracy,
        distance_m=None if distance is None else round(distance, 1),
    )
    db.session.add(checkin)
    db.session.flush()
    return checkin


def record_opening(audit: Audit, auditor: User, touchpoint: object, opened_at: datetime) -> bool:
    """Log that the auditor opened a touchpoint (False when the log is full)."""
    require_own_editable(audit, auditor)
    definition = audit.checklist_version.definition
    if not isinstance(touchpoint, str) or touchpoint not in {t.key for t in definition.touchpoints}:
        raise ValidationFailed(
            _("Name a touchpoint of the audit's checklist."),
            [{"field": "touchpoint", "message": _("unknown touchpoint")}],
        )
    count = db.session.scalar(select(func.count()).where(TouchpointOpening.audit_id == audit.id))
    if count >= MAX_OPENINGS:
        return False
    db.session.add(
        TouchpointOpening(audit_id=audit.id, touchpoint_key=touchpoint, opened_at=opened_at)
    )
    db.session.flush()
    return True
