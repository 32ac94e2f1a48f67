"""Reports: an audit's PDF, a wave summary PDF, and the summary aggregates (JSON)."""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from pydantic import ConfigDict, Field
from redis.exceptions import RedisError
from werkzeug.exceptions import NotFound

from audit.jobs import enqueue
from audit.jobs.reports import build_wave_summary
from audit.scoping import get_audit_or_404
from audit.services.audience import audience_of
from audit.services.dashboard import summarize
from audit.services.reporting import RenderedReport, check_wave, wave_report
from audit.services.reporting import audit_report as render_audit_report
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import binary, endpoint
from audit.web.api.jobs import Job, job_accepted, unavailable
from audit.web.api.schemas import (
    AuditFilterQuery,
    ReportFilterQuery,
    ReportLanguageQuery,
    Schema,
)
from audit.web.downloads import as_download

PDF = binary("application/pdf")
CLIENT_DATA = {
    "tag": "reports",
    "roles": ("consultant", "client"),
    "who": "consultant, client (own)",
}


class LeagueRow(Schema):
    """A location's line of the league table."""

    id: int
    name: str
    city: str | None
    region: str | None
    count: int
    mean_overall: float | None
    wave_overall: float | None
    previous_overall: float | None
    change: float | None = Field(description="since the previous wave")
    rank: int


class LeagueTable(Schema):
    """Locations best to worst, with the change since the previous wave."""

    wave: str | None = Field(description="the wave compared: the one asked for, else the latest")
    previous_wave: str | None
    items: list[LeagueRow]


class Summary(Schema):
    """Aggregates over the audits the filters select (docs/api.md, "Summary")."""

    model_config = ConfigDict(extra="allow")
    filters: dict[str, Any] = Field(description="the filters applied, as understood")
    count: int = Field(ge=0)
    mean_overall: float | None
    pillars: list[dict[str, Any]]
    stages: list[dict[str, Any]]
    channels: list[dict[str, Any]]
    by_month: list[dict[str, Any]]
    by_wave: list[dict[str, Any]]
    locations: LeagueTable
    most_failed: list[dict[str, Any]]
    nps: dict[str, Any] | None


def pdf_response(report: RenderedReport) -> Response:
    """The PDF as a download, with its cache key as ETag (304 when the client has it)."""
    response = as_download(Response(report.pdf, mimetype="application/pdf"), report.filename)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Report-Cache"] = "hit" if report.cached else "miss"
    response.set_etag(report.key)
    return response.make_conditional(request)


@bp.get("/audits/<int:audit_id>/report.pdf")
@endpoint(
    summary="The branded PDF report",
    tag="reports",
    who="consultant; client once published",
    query=ReportLanguageQuery,
    responses={200: PDF, 304: None},
)
def audit_report(audit_id: int, query: ReportLanguageQuery):
    """The branded PDF report: consultants any audit, clients their published ones.

    Written in the organisation's report language unless `?lang=` (en, ar, ru) says.
    """
    user = me()
    if not (user.is_consultant or user.is_client):
        raise NotFound()  # auditors: reports are not theirs to see, like a missing record
    audit = get_audit_or_404(audit_id, user)
    return pdf_response(render_audit_report(audit, audience_of(user), query.lang))


@bp.get("/reports/wave-summary.pdf")
@endpoint(
    summary="A wave's summary PDF (`wave` required)",
    query=ReportFilterQuery,
    responses={200: PDF, 304: None},
    errors=(404, 422),
    **CLIENT_DATA,
)
def wave_summary(query: ReportFilterQuery):
    """A wave's summary PDF (league table, one page per location); `wave` is required."""
    return pdf_response(wave_report(me(), query.filters(), lang=query.lang))


@bp.post("/reports/wave-summary.pdf")
@endpoint(
    summary="Build a wave's summary PDF in the background (same filters as GET); "
    "the job's `result_url` downloads it once done",
    query=ReportFilterQuery,
    responses={202: Job},
    headers={202: {"Location": "the job to poll"}},
    errors=(404, 422, 503),
    **CLIENT_DATA,
)
def start_wave_summary(query: ReportFilterQuery):
    """Build a wave's summary PDF in the background: 202 with the job to poll, whose
    `result_url` (the GET above, same filters) then answers from the report cache."""
    user = me()
    filters = query.filters()
    lang = query.lang
    check_wave(user, filters)  # a missing wave or an empty one answers now, not in the job
    args = {k: str(v) for k, v in filters.to_dict().items() if v is not None}
    if lang:
        args["lang"] = lang
    try:
        record = enqueue(
            build_wave_summary,
            user.id,
            args,
            owner_id=user.id,
            kind="wave_summary",
            result_url=url_for("api.wave_summary", **args),
        )
    except RedisError as error:
        raise unavailable() from error
    return job_accepted(record)


@bp.get("/reports/summary")
@endpoint(
    summary="Aggregates over the filtered audits",
    query=AuditFilterQuery,
    responses={200: Summary},
    **CLIENT_DATA,
)
def reports_summary(query: AuditFilterQuery):
    """Aggregates over the audits the filters select (clients: their published audits)."""
    return summarize(me(), query.filters())
