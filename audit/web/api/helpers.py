"""Request parsing and list answers shared by every API module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, request
from sqlalchemy import Select, func, select

from audit.extensions import db
from audit.services import limits
from audit.services.errors import BadRequest, ValidationFailed

__all__ = ["BadRequest", "int_arg", "json_body", "paginate", "require_fields"]


def json_body(kind: type = dict) -> Any:
    """The request's JSON body, or a 400 saying what is wrong with it."""
    data = request.get_json(silent=True)
    if data is None:
        raise BadRequest("The body must be JSON (Content-Type: application/json).")
    if not isinstance(data, kind):
        raise BadRequest(f"The JSON body must be an {'object' if kind is dict else 'array'}.")
    return data


def int_arg(name: str, default: int, minimum: int = 1, maximum: int = limits.ID_MAX) -> int:
    """An integer query parameter, with a 400 naming it when it is not one."""
    return limits.int_arg(request.args, name, default, minimum, maximum)


def paginate(stmt: Select, serialize: Callable[[Any], dict]) -> dict:
    """`{"items", "total", "page", "per_page"}` for a SELECT, from `page`/`per_page` args."""
    page = int_arg("page", 1, maximum=limits.PAGE_MAX)
    per_page = int_arg(
        "per_page",
        current_app.config["API_PER_PAGE_DEFAULT"],
        maximum=current_app.config["API_PER_PAGE_MAX"],
    )
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page))
    return {
        "items": [serialize(row) for row in rows],
        "total": total,
        "page": page,
        "per_page": per_page,
    }


def require_fields(data: dict, *names: str) -> None:
    """422 listing every required field that is missing or blank."""
    missing = [n for n in names if data.get(n) in (None, "")]
    if missing:
        raise ValidationFailed(
            "Required fields are missing.",
            [{"field": n, "message": "required"} for n in missing],
        )
