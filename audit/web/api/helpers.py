"""Lists shared by every API module: one page of a SELECT, in the declared `Page` shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Select, func, select

from audit.extensions import db
from audit.web.api.schemas import Page, Paging


def paginate(stmt: Select, shape: Callable[[Any], Any], paging: Paging) -> Page:
    """The page `paging` asks for of a SELECT's rows, each shown as `shape(row)`."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    limit, offset = paging.per_page, (paging.page - 1) * paging.per_page
    rows = db.session.scalars(stmt.limit(limit).offset(offset))
    return Page(items=[shape(row) for row in rows], total=total, page=paging.page, per_page=limit)


def page_of(rows: Sequence[Any], shape: Callable[[Any], Any], paging: Paging) -> Page:
    """The page `paging` asks for of a list already in memory."""
    start = (paging.page - 1) * paging.per_page
    shown = rows[start : start + paging.per_page]
    return Page(
        items=[shape(row) for row in shown],
        total=len(rows),
        page=paging.page,
        per_page=paging.per_page,
    )
