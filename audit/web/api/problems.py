"""Pydantic's validation errors as the API's problems: `{"field", "message"}`, translated."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from pydantic import ValidationError
from pydantic_core import ErrorDetails


def _field(loc: tuple[Any, ...]) -> str:
    """`a.b.0` from pydantic's location, without the (capitalised) names of union branches."""
    parts = [str(p) for p in loc if not (isinstance(p, str) and p[:1].isupper())]
    return ".".join(parts)


def _message(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return _("required")
    if kind == "string_too_long":
        return _("at most %(n)d characters", n=ctx["max_length"])
    if kind in ("string_type", "string_unicode"):
        return _("must be text")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("must be a whole number")
    if kind in ("float_type", "float_parsing", "finite_number"):
        return _("must be a number")
    if kind in ("bool_type", "bool_parsing"):
        return _("true or false")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("must be an object")
    if kind == "list_type":
        return _("must be a list")
    if kind in ("literal_error", "enum"):
        return _("one of %(choices)s", choices=ctx.get("expected", ""))
    if kind in (
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    ):
        return _("not a date (use YYYY-MM-DD)")
    if kind in ("datetime_type", "datetime_parsing", "datetime_from_date_parsing"):
        return _("must be an ISO 8601 date-time")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("out of range")
    if kind == "extra_forbidden":
        return _("unknown field")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def problems_of(error: ValidationError) -> list[dict[str, str]]:
    """One problem per failed field, in the body's order, each field named once."""
    problems: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in error.errors(include_url=False):
        name = _field(item["loc"])
        if name not in seen:
            seen.add(name)
            problems.append({"field": name, "message": _message(item)})
    return problems
