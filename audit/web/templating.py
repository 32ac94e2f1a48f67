"""Template globals and filters."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask, request, url_for
from flask_babel import format_date, format_decimal, format_percent, format_time, get_locale

from audit.localtime import to_local, zone_label
from audit.services.checklist_texts import checklist_in, checklist_title, translation_status
from audit.web.i18n import text_direction


def isolate(text: object) -> str:
    """On a right-to-left page, `text` as a left-to-right island (Unicode FSI...PDI).

    A date, a signed number or a Latin name inside Arabic would otherwise be reordered by
    the bidi algorithm ("-17" shows as "17-"); plain characters, so it works in attributes
    and placeholders too. Left-to-right pages get the text unchanged.
    """
    text = str(text)
    return f"\u2068{text}\u2069" if text and text_direction() == "rtl" else text


def _when(value: datetime | date | None, kind: str = "medium", zone: str | None = None) -> str:
    """A date, or a time as the wall clock read in `zone` (UTC by default) with its zone.

    `{{ audit.visited_at|when(zone=audit.location.timezone) }}` shows a visit as the
    location's local time, e.g. 'Mar 13, 2025, 01:30 +04' (in the page's language: the
    locale's date, and its way of joining a date and a time, '13 мар. 2025 г., 01:30 MSK').
    """
    if value is None:
        return "—"
    if isinstance(value, datetime):
        local = to_local(value, zone)
        clock = format_time(local, "HH:mm", rebase=False)
        locale = get_locale()
        joined = locale.datetime_formats.get(kind, "{1}, {0}") if locale else "{1}, {0}"
        return isolate(
            f"{str(joined).format(clock, format_date(local.date(), kind))} {zone_label(local)}"
        )
    return isolate(format_date(value, kind))


def _number(value: float | None, pattern: str = "0.0", digits: int = 1) -> str:
    """A number as the page's language writes it ('87.5', '87,5'); '—' for None.

    Rounded by Python first (as everywhere else), so only the spelling follows the locale.
    """
    if value is None:
        return "—"
    return isolate(format_decimal(Decimal(f"{value:.{digits}f}"), pattern))


def _score(value: float | None) -> str:
    """A score with one decimal in the page's language."""
    return _number(value)


def _percent(value: float | None) -> str:
    """A 0-1 share as a whole percentage in the page's language ('87%', '87 %')."""
    if value is None:
        return "—"
    return isolate(format_percent(Decimal(f"{value:.2f}")))


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
    app.add_template_filter(_number, "number")
    app.add_template_filter(_percent, "percent")
    app.add_template_filter(isolate, "isolate")
    # Checklist texts in the reader's language (docs/checklist-format.md, "Translations").
    app.add_template_filter(checklist_title, "checklist_title")
    app.add_template_global(checklist_in)
    app.add_template_global(translation_status)
    app.add_template_global(page_url)
    app.add_template_global(url_with)
