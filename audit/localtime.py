"""Local time at a location: times are stored in UTC and shown in the location's zone.

Pure Python (no Flask): the pages' `when` filter, the PDF data builder and the visit-date
filters all convert through here, so a visit reads the same hour everywhere. A zone name
that is not in the IANA database (never accepted by the services, but possible in old
rows) reads as UTC rather than failing a page.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_ZONE = "UTC"


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name the platform accepts, sorted (read once: it scans the disk)."""
    return tuple(sorted(available_timezones() | {DEFAULT_ZONE}))


def is_zone(name: object) -> bool:
    """True for an IANA zone name such as 'Asia/Dubai' (exact spelling)."""
    return isinstance(name, str) and name in _zone_set()


@cache
def _zone_set() -> frozenset[str]:
    return frozenset(zone_names())


@cache
def zone(name: str | None) -> tzinfo:
    """The zone called `name`; UTC for None, '' or a name the database does not know."""
    if not is_zone(name):
        return UTC
    try:
        return ZoneInfo(name)  # type: ignore[arg-type]
    except (ZoneInfoNotFoundError, ValueError):  # listed but unreadable: never fail a page
        return UTC


def to_local(value: datetime | None, name: str | None) -> datetime | None:
    """`value` (UTC; a naive value is taken as UTC) as wall-clock time in zone `name`."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone(name))


def local_date(value: datetime | None, name: str | None) -> date | None:
    """The calendar day of `value` at the location: the visit date of filters and pages."""
    local = to_local(value, name)
    return local.date() if local is not None else None


def zone_label(local: datetime) -> str:
    """The zone's abbreviation ('MSK', 'CET') or, where it has none, its offset ('+04')."""
    return local.tzname() or local.strftime("%z")


def start_of_day(day: date, name: str | None) -> datetime:
    """The UTC instant at which `day` begins in zone `name`."""
    return datetime.combine(day, time.min, tzinfo=zone(name)).astimezone(UTC)
