"""One page of a long list for the pages of every audience (the `pagination` macro)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import Select
from sqlalchemy.sql.elements import ColumnElement

from audit.extensions import db
from audit.services.limits import PAGE_MAX, int_arg
from audit.services.listing import count_rows, page_rows

PER_PAGE = 25


@dataclass
class PageOf:
    """One page of a list, for the `pagination` macro."""

    items: list[Any]
    page: int
    per_page: int
    total: int


def requested_page() -> int:
    """The `?page=` number (1 when absent); anything else than a page number is a 400."""
    return int_arg(request.args, "page", 1, maximum=PAGE_MAX)


def page_of(
    stmt: Select,
    per_page: int = PER_PAGE,
    counted: Select | None = None,
    key: ColumnElement[Any] | None = None,
) -> PageOf:
    """The page of `stmt` asked for by `?page=`. `counted` (default `stmt`): the same rows in
    the same order, cheaper to read, for the total and (with `key`) see `page_rows`."""
    page = requested_page()
    total = count_rows(stmt if counted is None else counted)
    items = list(db.session.scalars(page_rows(stmt, per_page, (page - 1) * per_page, key, counted)))
    return PageOf(items, page, per_page, total)
