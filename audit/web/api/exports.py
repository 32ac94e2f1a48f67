"""GET /exports/audits.csv: one row per audit and criterion, streamed."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, stream_with_context

from audit.services.exports import csv_chunks
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import Media, endpoint
from audit.web.api.schemas import ReportFilterQuery
from audit.web.downloads import as_download


@bp.get("/exports/audits.csv")
@endpoint(
    summary="One row per audit and criterion",
    tag="reports",
    roles=("consultant", "client"),
    who="consultant, client (own)",
    query=ReportFilterQuery,
    responses={200: Media(("text/csv",))},
)
def export_audits_csv(query: ReportFilterQuery):
    """The audits the filters select as CSV (clients: their published audits).

    `?lang=en|ar|ru` names the columns in that language; without it the header holds the
    column keys of the contract.
    """
    name = f"audits-{datetime.now(UTC):%Y%m%d}.csv"
    chunks = csv_chunks(me(), query.filters(), query.lang)
    response = Response(stream_with_context(chunks), mimetype="text/csv; charset=utf-8")
    as_download(response, name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
