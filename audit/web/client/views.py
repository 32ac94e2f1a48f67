"""The client's pages (thin: parse, authorise through scoping, call services)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from flask import flash, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import joinedload

from audit.models import Audit, ChecklistVersion
from audit.scoping import get_audit_or_404
from audit.services.action_followup import pending_first, status_counts
from audit.services.actions import status_label
from audit.services.audience import Audience
from audit.services.checklist_texts import reader_language
from audit.services.dashboard import filter_options, summarize
from audit.services.report_filters import AuditFilters, BadFilter, filtered_audits, parse_filters
from audit.services.reporting import audit_report_data
from audit.web.access import client_required, me
from audit.web.client import bp
from audit.web.client.charts import Series, legend, line_chart, trend_series
from audit.web.pagination import page_of

FILTER_ARGS = ("from", "to", "location", "region", "checklist", "wave")


def _filters() -> tuple[AuditFilters, int]:
    """The page's filters, or none (with a flash and a 400) when they do not parse."""
    try:
        return parse_filters(request.args), 200
    except BadFilter as error:
        for problem in error.details:
            message = _("Filter “%(field)s”: %(message)s", **problem)
            flash(message, "error")
        return AuditFilters(), 400


def _active_args(filters: AuditFilters) -> dict[str, str]:
    """The filters as query arguments, for download links that keep them."""
    data = filters.to_dict()
    return {k: str(data[k]) for k in FILTER_ARGS if data.get(k) not in (None, "")}


def _render_filtered(template: str, filters: AuditFilters, status: int, **context: Any):
    """A page under the filter bar: its choices, the filters in force, their download args."""
    return (
        render_template(
            template,
            options=filter_options(me()),
            filters=filters,
            args=_active_args(filters),
            **context,
        ),
        status,
    )


def _trend_chart(
    rows: Sequence[dict], key: str, series: Sequence[Series], title: str
) -> Markup | None:
    """A line chart of the series over each row's `key` (month or wave); None without rows."""
    return line_chart([r[key] for r in rows], series, title=title) if rows else None


@bp.route("/")
@client_required
def home():
    """The dashboard: trends, league table, stages and channels, most failed, NPS."""
    filters, status = _filters()
    summary = summarize(me(), filters)
    month_series = trend_series(summary["by_month"], summary["pillars"], _("Overall"))
    wave_series = trend_series(summary["by_wave"], summary["pillars"], _("Overall"))
    charts = {
        "months": _trend_chart(
            summary["by_month"], "month", month_series, _("Overall and pillar scores by month")
        ),
        "waves": _trend_chart(
            summary["by_wave"], "wave", wave_series, _("Overall and pillar scores by wave")
        ),
        "legend": legend(month_series),
    }
    actions = {"counts": status_counts(me()), "pending": pending_first(me())}
    return _render_filtered(
        "client/dashboard.html",
        filters,
        status,
        summary=summary,
        charts=charts,
        actions=actions,
        status_label=status_label,
    )


@bp.route("/audits")
@client_required
def audits():
    """The published audits of the client's organisation, filtered and paginated."""
    filters, status = _filters()
    ordered = filtered_audits(me(), filters).order_by(
        Audit.visited_at.desc().nulls_last(), Audit.id.desc()
    )
    listing = page_of(
        ordered.options(
            joinedload(Audit.location),
            joinedload(Audit.checklist_version).joinedload(ChecklistVersion.checklist),
        ),
        counted=ordered,
        key=Audit.id,
    )
    return _render_filtered(
        "client/audits.html",
        filters,
        status,
        audits=listing.items,
        total=listing.total,
        page=listing.page,
        per_page=listing.per_page,
    )


@bp.route("/audits/<int:audit_id>")
@client_required
def audit_detail(audit_id: int):
    """One published audit: scores, every criterion with its answer, comments, photos."""
    audit = get_audit_or_404(audit_id, me())
    photos = defaultdict(list)
    for photo in audit.photos:
        photos[photo.touchpoint_key].append(photo)
    return render_template(
        "client/audit.html",
        audit=audit,
        # The page reads in the viewer's language (the PDF in the organisation's).
        report=audit_report_data(audit, Audience.CLIENT, reader_language()),
        photos=photos,
    )
