"""The integrity checks: plain facts about one submitted audit in, findings out.

Each finding has a `kind` (platform.md v2, "Visit integrity"), a severity and its evidence
(plain JSON: the numbers a reviewer needs). Nothing here words a message: the web layer
and the reports do that in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any
from zoneinfo import ZoneInfo

INFO, WARNING, CRITICAL = "info", "warning", "critical"
# A check-in this many radii away is not a parking problem.
CRITICAL_RADII = 10
# Fewer other auditors' scores than this at the location say nothing about outliers.
OUTLIER_MIN_PEERS = 2


@dataclass(frozen=True)
class Thresholds:
    """An organisation's thresholds (defaults of platform.md v2)."""

    checkin_radius_m: int = 300
    min_visit_minutes: float | None = None
    photo_time_tolerance_h: float = 3.0
    duplicate_photo_distance: int = 6
    score_outlier_points: float = 20.0


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer should look at; `evidence` is plain JSON."""

    kind: str
    severity: str
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def identity(self) -> tuple[str, Any]:
        """What makes two findings the same (a dismissed one is not raised again)."""
        return self.kind, self.evidence.get("photo")


@dataclass(frozen=True)
class CheckinFact:
    """A stored check-in."""

    distance_m: float | None
    accuracy_m: float | None
    at: datetime


@dataclass(frozen=True)
class PhotoFact:
    """What the time check needs of a photo."""

    id: int
    exif_taken_at: str | None
    kind: str = "photo"


def _rounded(value: float | None, digits: int = 0) -> float | None:
    return None if value is None else round(value, digits)


def check_checkins(
    checkins: Sequence[CheckinFact], location_has_position: bool, radius_m: int
) -> list[Finding]:
    """`no_checkin` without any check-in; `far_from_location` when even the nearest is out."""
    if not checkins:
        return [Finding("no_checkin", WARNING, {})]
    measured = [c for c in checkins if c.distance_m is not None]
    if not location_has_position or not measured:
        return []
    nearest = min(measured, key=lambda c: c.distance_m or 0.0)
    distance = nearest.distance_m or 0.0
    if distance <= radius_m:
        return []
    severity = CRITICAL if distance > CRITICAL_RADII * radius_m else WARNING
    return [
        Finding(
            "far_from_location",
            severity,
            {
                "distance_m": _rounded(distance),
                "accuracy_m": _rounded(nearest.accuracy_m),
                "radius_m": radius_m,
                "checkins": len(checkins),
                "at": nearest.at.isoformat(),
            },
        )
    ]


def exif_instant(text: str, zone: str) -> datetime | None:
    """An EXIF time as stored (ISO, naive = the location's wall clock) as an aware instant."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=ZoneInfo(zone))


def _gap(instant: datetime, start: datetime, end: datetime) -> timedelta:
    """How far `instant` is outside [start, end] (zero inside)."""
    if instant < start:
        return start - instant
    if instant > end:
        return instant - end
    return timedelta(0)


def check_photo_times(
    photos: Iterable[PhotoFact],
    visit: tuple[datetime, datetime],
    zone: str,
    tolerance_h: float,
) -> list[Finding]:
    """`photo_time_mismatch` per photo taken too far from the visit; `photo_no_exif` (info).

    The visit is the span from the first sign of it (check-in, opening, answer) to the
    submit. A receipt taken far from it is critical: its time is the visit's best proof.
    """
    findings: list[Finding] = []
    without: list[int] = []
    start, end = visit
    for photo in photos:
        instant = exif_instant(photo.exif_taken_at, zone) if photo.exif_taken_at else None
        if instant is None:
            without.append(photo.id)
            continue
        gap = _gap(instant, start, end)
        if gap > timedelta(hours=tolerance_h):
            findings.append(
                Finding(
                    "photo_time_mismatch",
                    CRITICAL if photo.kind == "receipt" else WARNING,
                    {
                        "photo": photo.id,
                        "kind": photo.kind,
                        "taken_at": instant.isoformat(),
                        "visit_start": start.isoformat(),
                        "visit_end": end.isoformat(),
                        "hours_off": round(gap.total_seconds() / 3600, 1),
                        "tolerance_h": tolerance_h,
                    },
                )
            )
    if without:
        findings.append(Finding("photo_no_exif", INFO, {"photos": without}))
    return findings


def check_visit_duration(
    on_site: timedelta | None, minimum_minutes: float | None, source: str
) -> list[Finding]:
    """`too_fast` when the time on site is under the minimum (`source`: checklist|organization)."""
    if on_site is None or not minimum_minutes:
        return []
    minutes = on_site.total_seconds() / 60
    if minutes >= minimum_minutes:
        return []
    return [
        Finding(
            "too_fast",
            WARNING,
            {"minutes": round(minutes, 1), "minimum_minutes": minimum_minutes, "source": source},
        )
    ]


def check_score_outlier(
    score: float | None, peer_scores: Sequence[float], threshold_points: float
) -> list[Finding]:
    """`score_outlier` when this score is far from other auditors' at the same location."""
    if score is None or len(peer_scores) < OUTLIER_MIN_PEERS:
        return []
    peers_mean = fmean(peer_scores)
    difference = score - peers_mean
    if abs(difference) <= threshold_points:
        return []
    return [
        Finding(
            "score_outlier",
            WARNING,
            {
                "score": round(score, 1),
                "peers_mean": round(peers_mean, 1),
                "peers": len(peer_scores),
                "peers_min": round(min(peer_scores), 1),
                "peers_max": round(max(peer_scores), 1),
                "difference": round(difference, 1),
                "threshold_points": threshold_points,
            },
        )
    ]
