"""Scheduling: assign one audit, or a whole wave from a CSV file (all rows or none)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from audit.extensions import db
from audit.models import Audit, ChecklistVersion, Location, Organization, User
from audit.services.accounts import find_user_by_email
from audit.services.checklist_sets import refusal
from audit.services.checklists import get_version
from audit.services.csv_import import CsvRow, problem, read_rows, rows_failed
from audit.services.errors import ValidationFailed
from audit.services.limits import SCENARIO_MAX, WAVE_MAX, as_id, length_problem
from audit.services.workflow import assign_audit

CSV_REQUIRED = ("checklist", "auditor")
CSV_OPTIONAL = ("location", "organization", "location_code", "due_date", "wave", "scenario")


@dataclass(frozen=True)
class AuditOrder:
    """Everything needed to assign one audit, resolved and checked."""

    version: ChecklistVersion
    location: Location
    auditor: User
    due_date: date | None
    wave: str
    scenario: str


def _version(slug: str) -> tuple[ChecklistVersion | None, str | None]:
    version = get_version(slug) if slug else None
    if version is None:
        return None, _("no checklist “%(slug)s”", slug=slug)
    return version, None


def _auditor(email: str) -> tuple[User | None, str | None]:
    user = find_user_by_email(email) if email else None
    if user is None:
        return None, _("no user “%(email)s”", email=email)
    if not user.is_auditor or not user.active:
        return None, _("%(email)s is not an active auditor", email=email)
    return user, None


def _due(raw: str | date | None) -> tuple[date | None, str | None]:
    if raw in (None, ""):
        return None, None
    if isinstance(raw, date):
        return raw, None
    try:
        return date.fromisoformat(str(raw).strip()), None
    except ValueError:
        return None, _("“%(value)s” is not a date (use YYYY-MM-DD)", value=raw)


def resolve_order(
    *,
    checklist: str,
    location: Location | None,
    auditor: str,
    due_date: str | date | None = None,
    wave: str = "",
    scenario: str = "",
) -> tuple[AuditOrder | None, list[dict]]:
    """Check an assignment; gives the order, or the problems as {field, message}."""
    problems: list[dict] = []
    version, error = _version((checklist or "").strip())
    if error:
        problems.append({"field": "checklist", "message": error})
    if location is None:
        problems.append({"field": "location", "message": _("no such location")})
    elif version is not None:
        error = refusal(location.organization, version)
        if error:
            problems.append({"field": "checklist", "message": error})
    user, error = _auditor((auditor or "").strip())
    if error:
        problems.append({"field": "auditor", "message": error})
    due, error = _due(due_date)
    if error:
        problems.append({"field": "due_date", "message": error})
    wave = (wave or "").strip()
    if len(wave) > WAVE_MAX:
        problems.append({"field": "wave", "message": _("at most %(n)d characters", n=WAVE_MAX)})
    problems += filter(None, [length_problem("scenario", scenario, SCENARIO_MAX)])
    if problems:
        return None, problems
    return AuditOrder(version, location, user, due, wave, (scenario or "").strip()), []


def place_order(order: AuditOrder, assigned_by: User | None) -> Audit:
    """Create the audit of a checked order, pinned to the checklist's current version."""
    return assign_audit(
        version=order.version,
        location=order.location,
        auditor=order.auditor,
        assigned_by=assigned_by,
        due_date=order.due_date,
        wave=order.wave,
        scenario=order.scenario,
    )


def schedule_audit(*, assigned_by: User | None, **fields) -> Audit:
    """Assign one audit (checklist slug, Location, auditor e-mail, due date, wave, scenario)."""
    order, problems = resolve_order(**fields)
    if problems:
        raise ValidationFailed(_("The audit could not be assigned."), problems)
    return place_order(order, assigned_by)


def _csv_location(row: CsvRow) -> tuple[Location | None, str | None]:
    raw_id, org_slug, code = row.get("location"), row.get("organization"), row.get("location_code")
    if raw_id:
        location_id = as_id(raw_id)
        if location_id is None:
            return None, _("location “%(value)s” is not a location id", value=raw_id)
        location = db.session.get(Location, location_id)
        if location is None:
            return None, _("no location with id %(value)s", value=raw_id)
        return location, None
    if org_slug and code:
        location = db.session.scalar(
            select(Location)
            .join(Organization)
            .where(Organization.slug == org_slug, Location.code == code)
        )
        if location is None:
            return None, _("no location “%(code)s” in “%(org)s”", code=code, org=org_slug)
        return location, None
    return None, _("give “location” (an id) or “organization” and “location_code”")


def import_audits(data: bytes | str, assigned_by: User | None) -> list[Audit]:
    """Assign every audit of a CSV file, or none: bad rows are reported by line.

    Columns: checklist (id slug), auditor (e-mail), location (id) or organization (slug) +
    location_code, and optionally due_date (YYYY-MM-DD), wave, scenario.
    """
    csv_file = read_rows(data, required=CSV_REQUIRED, optional=CSV_OPTIONAL)
    orders: list[AuditOrder] = []
    problems: list[dict] = list(csv_file.problems)
    for row in csv_file.rows:
        location, location_error = _csv_location(row)
        order, row_problems = resolve_order(
            checklist=row.get("checklist"),
            location=location,
            auditor=row.get("auditor"),
            due_date=row.get("due_date"),
            wave=row.get("wave"),
            scenario=row.get("scenario"),
        )
        for p in row_problems:
            message = (
                location_error if p["field"] == "location" and location_error else p["message"]
            )
            problems.append(problem(row.line, message, p["field"]))
        if order is not None:
            orders.append(order)
    if problems:
        raise rows_failed(problems)
    return [place_order(order, assigned_by) for order in orders]


def waves() -> list[str]:
    """Every wave name in use, newest name last (for filters and suggestions)."""
    return list(
        db.session.scalars(
            select(Audit.wave).where(Audit.wave != "").distinct().order_by(Audit.wave)
        )
    )
