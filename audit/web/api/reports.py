"""Reports: an audit's PDF, a wave summary PDF, and the summary aggregates (JSON)."""

from __future__ import annotations

from flask import Response, jsonify, request, url_for
from flask_login import login_required
from redis.exceptions import RedisError
from werkzeug.exceptions import NotFound

from audit.jobs import enqueue
from audit.jobs.reports import build_wave_summary
from audit.scoping import get_audit_or_404
from audit.services.audience import audience_of
from audit.services.dashboard import summarize
from audit.services.report_filters import parse_filters
from audit.services.reporting import RenderedReport, check_wave, wave_report
from audit.services.reporting import audit_report as render_audit_report
from audit.web.access import me, role_required
from audit.web.api import bp
from audit.web.api.jobs import job_accepted, unavailable
from audit.web.downloads import as_download


def pdf_response(report: RenderedReport) -> Response:
    """The PDF as a download, with its cache key as ETag (304 when the client has it)."""
    response = as_download(Response(report.pdf, mimetype="application/pdf"), report.filename)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Report-Cache"] = "hit" if report.cached else "miss"
    response.set_etag(report.key)
    return response.make_conditional(request)


@bp.get("/audits/<int:audit_id>/report.pdf")
@login_required
def audit_report(audit_id: int):
    """The branded PDF report: consultants any audit, clients their published ones."""
    user = me()
    if not (user.is_consultant or user.is_client):
        raise NotFound()  # auditors: reports are not theirs to see, like a missing record
    audit = get_audit_or_404(audit_id, user)
    return pdf_response(render_audit_report(audit, audience_of(user)))


@bp.get("/reports/wave-summary.pdf")
@role_required("consultant", "client")
def wave_summary():
    """A wave's summary PDF (league table, one page per location); `wave` is required."""
    return pdf_response(wave_report(me(), parse_filters(request.args)))


@bp.post("/reports/wave-summary.pdf")
@role_required("consultant", "client")
def start_wave_summary():
    """Build a wave's summary PDF in the background: 202 with the job to poll, whose
    `result_url` (the GET above, same filters) then answers from the report cache."""
    user = me()
    filters = parse_filters(request.args)
    check_wave(user, filters)  # a missing wave or an empty one answers now, not in the job
    args = {k: str(v) for k, v in filters.to_dict().items() if v is not None}
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
@role_required("consultant", "client")
def reports_summary():
    """Aggregates over the audits the filters select (clients: their published audits)."""
    return jsonify(summarize(me(), parse_filters(request.args)))
