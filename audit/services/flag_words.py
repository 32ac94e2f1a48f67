"""Integrity flags in words: each kind's title and its message from the stored evidence.

Flags store numbers only; the words are made here, in the reader's language, for the API,
the review page and the review queue alike.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from audit.integrity import Finding
from audit.models import Audit, AuditFlag

TITLES = {
    "no_checkin": _l("No check-in"),
    "far_from_location": _l("Far from the location"),
    "photo_time_mismatch": _l("Photo taken at another time"),
    "photo_no_exif": _l("Photos without a capture time"),
    "duplicate_photo": _l("Photo already in another audit"),
    "too_fast": _l("Visit too short"),
    "rotation": _l("Same auditor as last wave"),
    "score_outlier": _l("Score far from other auditors'"),
}
SEVERITIES = {"info": _l("info"), "warning": _l("warning"), "critical": _l("critical")}


def flag_title(kind: str) -> str:
    """A kind's short title (the kind itself when unknown)."""
    return str(TITLES.get(kind, kind))


def flag_message(flag: AuditFlag) -> str:
    """One sentence saying what was found, with the evidence's numbers."""
    e = flag.evidence or {}
    kind = flag.kind
    if kind == "no_checkin":
        return _("The auditor's position was not recorded when the visit started.")
    if kind == "far_from_location":
        return _(
            "Checked in %(distance)s m from the location (accuracy %(accuracy)s m); "
            "the radius is %(radius)s m.",
            distance=_number(e.get("distance_m")),
            accuracy=_number(e.get("accuracy_m")),
            radius=_number(e.get("radius_m")),
        )
    if kind == "photo_time_mismatch":
        return _(
            "Photo %(photo)s was taken %(hours)s h outside the visit (more than %(limit)s h).",
            photo=e.get("photo"),
            hours=e.get("hours_off"),
            limit=_number(e.get("tolerance_h")),
        )
    if kind == "photo_no_exif":
        return _(
            "%(count)s photo(s) carry no capture time (EXIF): their time cannot be checked.",
            count=len(e.get("photos") or []),
        )
    if kind == "duplicate_photo":
        return _(
            "Photo %(photo)s matches photo %(other_photo)s of audit %(other_audit)s "
            "(%(distance)s of 64 bits differ).",
            photo=e.get("photo"),
            other_photo=e.get("other_photo"),
            other_audit=e.get("other_audit"),
            distance=e.get("distance"),
        )
    if kind == "too_fast":
        return _(
            "%(minutes)s min on site; the minimum is %(minimum)s min.",
            minutes=e.get("minutes"),
            minimum=_number(e.get("minimum_minutes")),
        )
    if kind == "rotation":
        return _(
            "The same auditor visited this location in the previous wave (%(wave)s).",
            wave=e.get("previous_wave"),
        )
    if kind == "score_outlier":
        return _(
            "Score %(score)s against a mean of %(mean)s from %(peers)s other audit(s) "
            "of this location (%(low)s–%(high)s): %(difference)s points apart.",
            score=e.get("score"),
            mean=e.get("peers_mean"),
            peers=e.get("peers"),
            low=e.get("peers_min"),
            high=e.get("peers_max"),
            difference=e.get("difference"),
        )
    return flag_title(kind)


def assignment_warning(audit: Audit, finding: Finding) -> str:
    """A warning of `assignment_warnings` as the consultant reads it on assigning (the
    page's notice and the API's `warnings`)."""
    return _(
        "%(name)s also audited %(location)s in the previous wave (%(wave)s): "
        "consider rotating auditors.",
        name=audit.auditor.name,
        location=audit.location.name,
        wave=finding.evidence["previous_wave"],
    )


def _number(value: object) -> str:
    """A number without a useless `.0`; a dash when unknown."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "—" if value is None else str(value)
