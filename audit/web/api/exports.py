"""GET /exports/audits.csv: one row per audit and criterion, streamed."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, request, stream_with_context

from audit.services.exports import csv_chunks
from audit.services.report_filters import parse_filters
from audit.web.access import me, role_required
from audit.web.api import bp
from audit.web.downloads import as_download


@bp.get("/exports/audits.csv")
@role_required("consultant", "client")
def export_audits_csv():
    """The audits the filters select as CSV (clients: their published audits)."""
    filters = parse_filters(request.args)  # a bad filter is a 400 before streaming starts
    name = f"audits-{datetime.now(UTC):%Y%m%d}.csv"
    response = Response(
        stream_with_context(csv_chunks(me(), filters)), mimetype="text/csv; charset=utf-8"
    )
    as_download(response, name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
