"""Shared by the API modules: one page of a SELECT in the declared `Page` shape, and an
organisation named in a body."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select
from sqlalchemy.sql.elements import ColumnElement
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import Organization
from audit.scoping import get_organization_or_404
from audit.services.errors import ValidationFailed
from audit.services.listing import count_rows, page_rows
from audit.web.access import me
from audit.web.api.schemas import Page, Paging


def paginate(
    stmt: Select,
    shape: Callable[[Any], Any],
    paging: Paging,
    counted: Select | None = None,
    key: ColumnElement[Any] | None = None,
) -> Page:
    """The page `paging` asks for of a SELECT's rows, each shown as `shape(row)`. `counted`
    (default `stmt`): the same rows in the same order, cheaper to read, for the total and
    (with `key`) see `page_rows`."""
    total = count_rows(stmt if counted is None else counted)
    limit, offset = paging.per_page, (paging.page - 1) * paging.per_page
    rows = db.session.scalars(page_rows(stmt, limit, offset, key, counted))
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


def body_organization(slug: str, field: str = "organization") -> Organization:
    """The organisation a body names by slug (or id); a 422 naming `field` if the caller
    sees none such (a bad field here, not a missing URL)."""
    try:
        return get_organization_or_404(slug, me())
    except NotFound:
        raise ValidationFailed(
            _("No such organisation."),
            [{"field": field, "message": _("no organisation with this slug")}],
        ) from None
