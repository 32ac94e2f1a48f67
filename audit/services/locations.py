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
from audit.services.integrity import position_problems
from audit.services.limits import LOCATION_FIELDS

FIELDS = LOCATION_FIELDS
POSITION = ("latitude", "longitude")
CSV_REQUIRED = ("name",)
CSV_OPTIONAL = ("code", "address", "city", "country", "region", "timezone", *POSITION)


def _as_number(value: Any) -> Any:
    """A coordinate typed as text (CSV, forms) as a number; anything else unchanged."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return value


def parse_coordinates(text: str | None) -> dict[str, Any]:
    """`{latitude, longitude}` from pasted text such as "25.2048, 55.2708" (decimal degrees)."""
    text = (text or "").strip()
    if not text:
        return {"latitude": None, "longitude": None}
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    if len(parts) != 2:
        return {"latitude": text, "longitude": None}
    return {"latitude": _as_number(parts[0]), "longitude": _as_number(parts[1])}


def location_problems(values: dict[str, Any], partial: bool = False) -> list[dict]:
    """What is wrong with a location's fields (empty list when fine).

    `partial`: only the fields given are checked (PATCH); the name is then not required.
    """
    problems: list[dict] = []
    position = {k: _as_number(values[k]) for k in POSITION if k in values}
    if position:
        both = {"latitude": None, "longitude": None, **position}
        if partial and len(position) == 1:
            problems.append(
                {
                    "field": next(iter(position)),
                    "message": _("give latitude and longitude together"),
                }
            )
        else:
            problems.extend(position_problems(both, required=False))
    for key, value in values.items():
        if key in POSITION:
            continue
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
    if (not partial or "name" in values) and (
        not isinstance(values.get("name"), str) or not values["name"].strip()
    ):
        problems.append({"field": "name", "message": _("a name is required")})
    return problems


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {k: (v or "").strip() for k, v in values.items() if k in FIELDS}
    if "code" in cleaned or "code" in values:
        cleaned["code"] = cleaned.get("code") or None
    if "timezone" in cleaned:
        cleaned["timezone"] = cleaned["timezone"] or DEFAULT_ZONE
    for key in POSITION:
        if key in values:
            number = _as_number(values[key])
            cleaned[key] = None if number is None else float(number)
    return cleaned


def _checked(
    organization: Organization,
    values: dict[str, Any],
    failed: str,
    but: Location | None = None,
    partial: bool = False,
) -> dict[str, Any]:
    """The cleaned fields of a location (`but` when it is the one changed), or the error.

    ValidationFailed with the message `failed` lists bad fields; Conflict says the code is
    taken by another location of the organisation.
    """
    problems = location_problems(values, partial)
    if problems:
        raise ValidationFailed(failed, problems)
    cleaned = _cleaned(values)
    if cleaned.get("code") is not None:
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


def update_location(location: Location, values: dict[str, Any], partial: bool = False) -> Location:
    """Change a location's fields (`partial`: only those given, as PATCH does)."""
    cleaned = _checked(
        location.organization, values, _("The location was not changed."), location, partial
    )
    for key, value in cleaned.items():
        setattr(location, key, value)
    db.session.flush()
    return location


def import_locations(organization: Organization, data: bytes | str) -> list[Location]:
    """Create every location of a CSV file, or none: bad rows are reported by line.

    Columns: name (required), code, address, city, country, region, timezone (an IANA
    name; UTC when empty), latitude and longitude (decimal degrees, both or
    neither). A code must be new to the organisation and appear once in the file.
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
        Location(
            organization=organization,
            **_cleaned({k: row.get(k) for k in (*FIELDS, *POSITION)}),
        )
        for row in rows
    ]
    db.session.add_all(locations)
    db.session.flush()
    return locations
