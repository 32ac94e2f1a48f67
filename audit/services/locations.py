"""Locations of a client organisation: one at a time or many from a CSV file."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from audit.extensions import db
from audit.localtime import DEFAULT_ZONE, is_zone
from audit.models import Location, Organization
from audit.services.csv_import import problem, read_rows, rows_failed
from audit.services.errors import Conflict, ValidationFailed
from audit.services.limits import LOCATION_FIELDS

FIELDS = LOCATION_FIELDS
CSV_REQUIRED = ("name",)
CSV_OPTIONAL = ("code", "address", "city", "country", "region", "timezone")


def location_problems(values: dict[str, Any]) -> list[dict]:
    """What is wrong with a location's fields (empty list when fine)."""
    problems: list[dict] = []
    for key, value in values.items():
        if key not in FIELDS:
            problems.append({"field": key, "message": _("unknown field")})
        elif value is not None and not isinstance(value, str):
            problems.append({"field": key, "message": _("must be text")})
        elif value is not None and len(value.strip()) > FIELDS[key]:
            problems.append({"field": key, "message": _("at most %(n)d characters", n=FIELDS[key])})
        elif key == "timezone" and (value or "").strip() and not is_zone(value.strip()):
            problems.append(
                {
                    "field": key,
                    "message": _(
                        "unknown time zone “%(zone)s” (use an IANA name such as Europe/Paris)",
                        zone=value.strip(),
                    ),
                }
            )
    if not isinstance(values.get("name"), str) or not values["name"].strip():
        problems.append({"field": "name", "message": _("a name is required")})
    return problems


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: (v or "").strip() for k, v in values.items() if k in FIELDS}
    cleaned["code"] = cleaned.get("code") or None
    if "timezone" in cleaned:
        cleaned["timezone"] = cleaned["timezone"] or DEFAULT_ZONE
    return cleaned


def _checked(
    organization: Organization, values: dict[str, Any], failed: str, but: Location | None = None
) -> dict[str, Any]:
    """The cleaned fields of a location (`but` when it is the one changed), or the error.

    ValidationFailed with the message `failed` lists bad fields; Conflict says the code is
    taken by another location of the organisation.
    """
    problems = location_problems(values)
    if problems:
        raise ValidationFailed(failed, problems)
    cleaned = _cleaned(values)
    if cleaned["code"] is not None:
        found = db.session.scalar(
            select(Location).where(
                Location.organization_id == organization.id, Location.code == cleaned["code"]
            )
        )
        if found is not None and found is not but:
            raise Conflict(
                _("Another location of this organisation has this code."),
                [{"field": "code", "message": _("already used")}],
            )
    return cleaned


def create_location(organization: Organization, values: dict[str, Any]) -> Location:
    """A new location of `organization`; its code (if any) is unique within it."""
    cleaned = _checked(organization, values, _("The location could not be created."))
    location = Location(organization=organization, **cleaned)
    db.session.add(location)
    db.session.flush()
    return location


def update_location(location: Location, values: dict[str, Any]) -> Location:
    """Change a location's fields."""
    cleaned = _checked(
        location.organization, values, _("The location was not changed."), but=location
    )
    for key, value in cleaned.items():
        setattr(location, key, value)
    db.session.flush()
    return location


def import_locations(organization: Organization, data: bytes | str) -> list[Location]:
    """Create every location of a CSV file, or none: bad rows are reported by line.

    Columns: name (required), code, address, city, country, region, timezone (an IANA
    name; UTC when empty). A code must be new to the organisation and appear once in the file.
    """
    csv_file = read_rows(data, required=CSV_REQUIRED, optional=CSV_OPTIONAL)
    rows = csv_file.rows
    existing = set(
        db.session.scalars(
            select(Location.code).where(
                Location.organization_id == organization.id, Location.code.is_not(None)
            )
        )
    )
    problems: list[dict] = list(csv_file.problems)
    first_line: dict[str, int] = {}
    for row in rows:
        values = {k: row.get(k) for k in (*CSV_REQUIRED, *CSV_OPTIONAL)}
        problems.extend(
            problem(row.line, p["message"], p["field"]) for p in location_problems(values)
        )
        code = values["code"]
        if code and code in existing:
            problems.append(
                problem(row.line, _("code “%(code)s” already exists", code=code), "code")
            )
        elif code and code in first_line:
            problems.append(
                problem(
                    row.line,
                    _("code “%(code)s” is also on line %(line)d", code=code, line=first_line[code]),
                    "code",
                )
            )
        elif code:
            first_line[code] = row.line
    if problems:
        raise rows_failed(problems)
    locations = [
        Location(organization=organization, **_cleaned({k: row.get(k) for k in FIELDS}))
        for row in rows
    ]
    db.session.add_all(locations)
    db.session.flush()
    return locations
