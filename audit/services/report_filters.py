"""Filters shared by the dashboard, GET /reports/summary, the CSV export and the wave summary.

The same query arguments as GET /audits (`status`, `organization`, `location`, `checklist`,
`from`, `to`) plus `region` and `wave`. Bad input is a 400 naming each bad argument, never a
500. Clients always get the PUBLISHED audits of their own organisation, whatever they ask:
`audit_scope` is applied first and the filters only narrow it down.

`from` and `to` are LOCAL dates of the visit: a visit at 21:30 UTC in Dubai (01:30 the next
day there) belongs to the next day, as the location's staff and the reports see it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, and_, false, or_, select
from sqlalchemy.sql.elements import ColumnElement

from audit.extensions import db
from audit.localtime import start_of_day
from audit.models import (
    Audit,
    AuditStatus,
    Checklist,
    ChecklistVersion,
    Location,
    Organization,
    User,
)
from audit.scoping import audit_scope
from audit.services.errors import ServiceError
from audit.services.limits import as_id, looks_like_id

STATUSES = tuple(s.value for s in AuditStatus)


class BadFilter(ServiceError):
    """A filter argument that cannot be understood (400)."""

    status = 400
    code = "bad_request"


@dataclass(frozen=True)
class AuditFilters:
    """What to narrow the audits down to; None means no filter."""

    status: str | None = None
    organization: str | None = None  # slug or numeric id
    location: int | None = None
    checklist: str | None = None  # checklist id slug
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    region: str | None = None
    wave: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the API's argument names."""
        data = asdict(self)
        data["from"] = data.pop("date_from")
        data["to"] = data.pop("date_to")
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}

    def without(self, *names: str) -> AuditFilters:
        """The same filters with some of them dropped."""
        values = asdict(self)
        for name in names:
            values[name] = None
        return AuditFilters(**values)


def _text(args: Mapping[str, str], name: str) -> str | None:
    value = (args.get(name) or "").strip()
    return value or None


def _date(args: Mapping[str, str], name: str, problems: list[dict[str, str]]) -> date | None:
    raw = _text(args, name)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw) if len(raw) <= 10 else datetime.fromisoformat(raw).date()
    except ValueError:
        problems.append({"field": name, "message": _("not a date (use YYYY-MM-DD)")})
        return None


def parse_filters(args: Mapping[str, str]) -> AuditFilters:
    """Read the filters from query arguments; BadFilter (400) lists every bad one."""
    problems: list[dict[str, str]] = []
    status = _text(args, "status")
    if status is not None and status not in STATUSES:
        problems.append(
            {"field": "status", "message": _("one of %(choices)s", choices=", ".join(STATUSES))}
        )
    location = _text(args, "location")
    location_id = as_id(location) if location is not None else None
    if location is not None and location_id is None:
        problems.append({"field": "location", "message": _("not a location id")})
    organization = _text(args, "organization")
    if organization is not None and looks_like_id(organization) and as_id(organization) is None:
        problems.append({"field": "organization", "message": _("not an organisation id")})
    date_from = _date(args, "from", problems)
    date_to = _date(args, "to", problems)
    if date_from and date_to and date_from > date_to:
        problems.append({"field": "from", "message": _("`from` is after `to`")})
    if problems:
        raise BadFilter(_("Some filters are not valid."), problems)
    return AuditFilters(
        status=status,
        organization=organization,
        location=location_id,
        checklist=_text(args, "checklist"),
        date_from=date_from,
        date_to=date_to,
        region=_text(args, "region"),
        wave=_text(args, "wave"),
    )


def _visited_between(first: date | None, last: date | None) -> ColumnElement[bool]:
    """Visits whose local date (in their location's zone) is within [first, last].

    One UTC range per zone in use (a handful), each limited to that zone's locations.
    """
    ranges = []
    for zone in db.session.scalars(select(Location.timezone).distinct()):
        bounds = [Audit.location_id.in_(select(Location.id).where(Location.timezone == zone))]
        if first is not None:
            bounds.append(Audit.visited_at >= start_of_day(first, zone))
        if last is not None:
            bounds.append(Audit.visited_at < start_of_day(last + timedelta(days=1), zone))
        ranges.append(and_(*bounds))
    return or_(*ranges) if ranges else false()


def filter_clauses(user: User, filters: AuditFilters, on: Any = Audit) -> list[ColumnElement[bool]]:
    """WHERE clauses on `Audit`: the user's scope first, then the filters.

    `on=ScoreRollup` gives the same clauses on the rollups, whose date filter is by local
    month (only month-aligned dates can be asked of them: see `rollups.month_aligned`).
    """
    clauses: list[ColumnElement[bool]] = [audit_scope(user, on)]
    if user.is_client:
        # Clients: published audits of their organisation, whatever the filters say.
        filters = filters.without("status", "organization")
    if filters.status is not None:
        clauses.append(on.status == filters.status)
    if filters.organization is not None:
        org = filters.organization
        if looks_like_id(org):
            clauses.append(on.organization_id == as_id(org))
        else:
            clauses.append(
                on.organization_id.in_(select(Organization.id).where(Organization.slug == org))
            )
    if filters.location is not None:
        clauses.append(on.location_id == filters.location)
    if filters.checklist is not None:
        clauses.append(
            on.checklist_version_id.in_(
                select(ChecklistVersion.id)
                .join(Checklist)
                .where(Checklist.slug == filters.checklist)
            )
        )
    if filters.date_from is not None or filters.date_to is not None:
        if on is Audit:
            clauses.append(_visited_between(filters.date_from, filters.date_to))
        else:
            from audit.services.rollups import local_month_clauses

            clauses += local_month_clauses(filters.date_from, filters.date_to)
    if filters.region is not None:
        clauses.append(
            on.location_id.in_(select(Location.id).where(Location.region == filters.region))
        )
    if filters.wave is not None:
        clauses.append(on.wave == filters.wave)
    return clauses


def filtered_audits(user: User, filters: AuditFilters) -> Select[tuple[Audit]]:
    """SELECT of the audits `user` may see, narrowed by `filters`."""
    return select(Audit).where(*filter_clauses(user, filters))
