"""Report jobs: pre-build a published audit's PDF, build a wave summary with progress.

Both only fill the report cache: the download that follows is served from it, so what a
client receives is always built by the same code path as a synchronous download.
"""

from __future__ import annotations

from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.jobs.runner import job, report_progress
from audit.models import Audit, AuditStatus, User
from audit.services.audience import Audience
from audit.services.report_filters import parse_filters
from audit.services.reporting import audit_report, wave_report


@job
def prebuild_audit_report(audit_id: int) -> None:
    """Build a just-published audit's PDF into the cache: the client's first download is instant."""
    audit = db.session.get(Audit, audit_id)
    if audit is None or audit.status != AuditStatus.PUBLISHED.value:
        return  # deleted or withdrawn since: there is nothing the client will download
    audit_report(audit, Audience.CLIENT)  # the client's version: pseudonyms, no notes


@job
def build_wave_summary(user_id: int, args: dict[str, str]) -> None:
    """Build the wave summary `user_id` asked for (query `args`) into the cache."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound()
    wave_report(user, parse_filters(args), progress=report_progress, lang=args.get("lang"))
