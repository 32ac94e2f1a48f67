"""What the consultant's views share: pagination, service problems on forms, stored images."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Response, flash, request, send_file
from flask_wtf import FlaskForm
from sqlalchemy import Select, func, select
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.services.errors import ServiceError
from audit.services.photos import photo_storage

PER_PAGE = 25


@dataclass
class PageOf:
    """One page of a list, for the `pagination` macro."""

    items: list[Any]
    page: int
    per_page: int
    total: int


def page_of(stmt: Select, per_page: int = PER_PAGE) -> PageOf:
    """The page of `stmt` asked for by `?page=` (a bad number shows the first page)."""
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return PageOf(items, page, per_page, total or 0)


def show_problems(form: FlaskForm | None, error: ServiceError) -> None:
    """Put each problem under its form field; flash the message and any left over."""
    flash(error.message, "error")
    for problem in error.details:
        name = problem.get("field")
        field = form._fields.get(name) if form is not None and name else None
        if field is not None:
            field.errors = [*field.errors, problem["message"]]
        else:
            flash(problem["message"], "error")


def send_stored_jpeg(sha256: str, size: str) -> Response:
    """One stored size of a photo or logo as JPEG; 404 when its file is not there."""
    path = photo_storage().path(sha256, size)
    if not path.is_file():
        raise NotFound()
    return send_file(path, mimetype="image/jpeg")
