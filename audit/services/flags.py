"""Integrity flags: raised when an audit is submitted, shown to reviewers, dismissed with a reason.

`raise_flags` runs at every submit (a returned audit is judged again): it replaces the
audit's open flags with what the checks find now, and never raises again what a consultant
dismissed (same kind, same photo). Flags never change an audit's status.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from audit.extensions import db
from audit.integrity import (
    CheckinFact,
    Finding,
    PhotoFact,
    check_checkins,
    check_photo_times,
    check_score_outlier,
    check_visit_duration,
)
from audit.integrity.checks import CRITICAL, WARNING
from audit.models import Audit, AuditFlag, AuditStatus, User
from audit.services import notifications
from audit.services.duplicates import duplicate_findings
from audit.services.errors import InvalidState, ValidationFailed
from audit.services.integrity import integrity_settings
from audit.services.limits import COMMENT_MAX, check_length
from audit.services.visit_log import visit_log
from audit.services.workflow import record_event

SCORED = (AuditStatus.SUBMITTED.value, AuditStatus.APPROVED.value, AuditStatus.PUBLISHED.value)
SEVERITY_ORDER = {CRITICAL: 0, WARNING: 1, "info": 2}


def previous_wave_audits(location_id: int, wave: str, before: datetime | None, but: int | None):
    """The location's audits of the wave before `wave` (by each wave's first assignment)."""
    first_at = func.min(Audit.created_at)
    waves = db.session.execute(
        select(Audit.wave, first_at)
        .where(Audit.location_id == location_id, Audit.wave != "", Audit.wave != wave)
        .group_by(Audit.wave)
        .order_by(first_at.desc())
    ).all()
    this_wave_at = (
        db.session.scalar(
            select(func.min(Audit.created_at)).where(
                Audit.location_id == location_id, Audit.wave == wave
            )
        )
        if wave
        else None
    )
    limit = this_wave_at or before
    earlier = [w for w, at in waves if limit is None or at < limit]
    if not earlier:
        return []
    stmt = select(Audit).where(Audit.location_id == location_id, Audit.wave == earlier[0])
    if but is not None:
        stmt = stmt.where(Audit.id != but)
    return list(db.session.scalars(stmt.order_by(Audit.id)))


def rotation_finding(
    location_id: int,
    auditor_id: int,
    wave: str,
    before: datetime | None = None,
    but: int | None = None,
) -> Finding | None:
    """`rotation` when the same auditor audited this location in the previous wave."""
    if not wave:
        return None
    previous = [
        a
        for a in previous_wave_audits(location_id, wave, before, but)
        if a.auditor_id == auditor_id
    ]
    if not previous:
        return None
    return Finding(
        "rotation",
        WARNING,
        {"previous_wave": previous[0].wave, "previous_audits": [a.id for a in previous]},
    )


def assignment_warnings(audit: Audit) -> list[Finding]:
    """What to warn a consultant of as they assign `audit`: the rotation rule for now (the
    same finding becomes a flag if the audit is submitted)."""
    rotation = rotation_finding(
        audit.location_id, audit.auditor_id, audit.wave, audit.created_at, audit.id
    )
    return [rotation] if rotation is not None else []


def _peer_scores(audit: Audit) -> list[float]:
    """Other auditors' overall scores at the same location (submitted or later)."""
    return [
        value
        for value in db.session.scalars(
            select(Audit.overall).where(
                Audit.location_id == audit.location_id,
                Audit.auditor_id != audit.auditor_id,
                Audit.status.in_(SCORED),
                Audit.overall.is_not(None),
            )
        )
    ]


def findings_for(audit: Audit) -> list[Finding]:
    """Everything the checks find about `audit` now."""
    settings = integrity_settings(audit.organization)
    location = audit.location
    log = visit_log(audit)
    findings = check_checkins(
        [CheckinFact(c.distance_m, c.accuracy_m, c.created_at) for c in audit.checkins],
        location.latitude is not None and location.longitude is not None,
        settings.checkin_radius_m,
    )
    now = datetime.now(UTC)
    visit = (log.start or audit.started_at or now, audit.submitted_at or now)
    findings += check_photo_times(
        [
            PhotoFact(p.id, p.exif_taken_at, getattr(p, "kind", None) or "photo")
            for p in audit.photos
        ],
        visit,
        location.timezone,
        settings.photo_time_tolerance_h,
    )
    findings += duplicate_findings(audit, settings.duplicate_photo_distance)
    checklist_minimum = audit.checklist_version.definition.min_visit_minutes
    if checklist_minimum:
        findings += check_visit_duration(log.on_site, checklist_minimum, "checklist")
    else:
        findings += check_visit_duration(log.on_site, settings.min_visit_minutes, "organization")
    findings += assignment_warnings(audit)
    findings += check_score_outlier(
        audit.overall, _peer_scores(audit), settings.score_outlier_points
    )
    return findings


def raise_flags(audit: Audit) -> list[AuditFlag]:
    """Replace the audit's open flags with the current findings (dismissed ones stay)."""
    db.session.execute(
        delete(AuditFlag).where(AuditFlag.audit_id == audit.id, AuditFlag.dismissed_at.is_(None))
    )
    db.session.expire(audit, ["flags"])
    dismissed = {Finding(f.kind, f.severity, f.evidence).identity for f in audit.flags}
    raised = [
        AuditFlag(audit_id=audit.id, kind=f.kind, severity=f.severity, evidence=f.evidence)
        for f in findings_for(audit)
        if f.identity not in dismissed
    ]
    db.session.add_all(raised)
    audit.open_flags = len(raised)
    db.session.flush()
    db.session.expire(audit, ["flags"])
    notifications.on_flags_raised(audit, len(raised))
    return raised


def flagged_waiting() -> int:
    """How many submitted audits have open flags (the review queue's count)."""
    return db.session.scalar(
        select(func.count(Audit.id)).where(
            Audit.status == AuditStatus.SUBMITTED.value, Audit.open_flags > 0
        )
    )


def flags_of(audit: Audit) -> list[AuditFlag]:
    """The audit's flags: open ones first, the most severe first."""
    return sorted(
        audit.flags,
        key=lambda f: (f.dismissed_at is not None, SEVERITY_ORDER.get(f.severity, 3), f.id),
    )


def dismiss_flag(flag: AuditFlag, consultant: User, reason: object) -> AuditFlag:
    """Mark a flag as looked at and explained: who, when and why (409 when done already)."""
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationFailed(
            _("Say why the flag does not apply."),
            [{"field": "reason", "message": _("a reason is required")}],
        )
    check_length("reason", reason, COMMENT_MAX, _("The reason is too long."))
    if flag.dismissed_at is not None:
        raise InvalidState(_("This flag was dismissed already."))
    flag.dismissed_at = datetime.now(UTC)
    flag.dismissed_by_id = consultant.id
    flag.dismissed_reason = reason.strip()
    audit = flag.audit
    audit.open_flags = max(0, (audit.open_flags or 0) - 1)
    record_event(
        audit,
        consultant,
        "flag_dismissed",
        comment=flag.dismissed_reason,
        data={"flag": flag.id, "kind": flag.kind},
    )
    db.session.flush()
    return flag
