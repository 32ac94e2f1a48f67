"""Template globals and filters."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, request, url_for
from flask_babel import format_date, format_time

from audit.localtime import to_local, zone_label


def _when(value: datetime | date | None, kind: str = "medium", zone: str | None = None) -> str:
    """A date, or a time as the wall clock read in `zone` (UTC by default) with its zone.

    `{{ audit.visited_at|when(zone=audit.location.timezone) }}` shows a visit as the
    location's local time, e.g. 'Mar 13, 2025, 01:30 +04'.
    """
    if value is None:
        return "—"
    if isinstance(value, datetime):
        local = to_local(value, zone)
        clock = format_time(local, "HH:mm", rebase=False)
        return f"{format_date(local.date(), kind)}, {clock} {zone_label(local)}"
    return format_date(value, kind)


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def url_with(**changes: object) -> str:
    """This page's URL with some query arguments changed (None drops one), keeping the rest."""
    args = {**(request.view_args or {}), **request.args.to_dict(), **changes}
    return url_for(request.endpoint, **{k: v for k, v in args.items() if v is not None})


def page_url(page: int) -> str:
    """This page's URL with another `page` number, keeping the other filters."""
    return url_with(page=page)


def init_app(app: Flask) -> None:
    """Register filters used across audiences."""
    app.add_template_filter(_when, "when")
    app.add_template_filter(_score, "score")
    app.add_template_global(page_url)
    app.add_template_global(url_with)
