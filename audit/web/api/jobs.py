"""Background jobs as their owners see them: GET /jobs/{id} to poll one."""

from __future__ import annotations

from typing import Literal

from flask import url_for
from flask_babel import gettext as _
from pydantic import Field
from redis.exceptions import RedisError
from werkzeug.exceptions import NotFound, ServiceUnavailable

from audit.jobs import JobRecord, job_record
from audit.jobs.stages import STAGES
from audit.scoping import may_see_job
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import endpoint
from audit.web.api.schemas import Schema


def job_message(record: JobRecord) -> str:
    """The job's stage in the reader's words; a failure says why when a person can act on it."""
    if record.status == "failed" and record.detail:
        return _("It could not be made: %(reason)s", reason=record.detail)
    stage = "failed" if record.status == "failed" else record.stage
    return str(STAGES.get(stage, STAGES["started"]))


class Job(Schema):
    """A background job and how far it got."""

    id: str
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    progress: int = Field(ge=0, le=100)
    message: str = Field(description="the stage, or why it failed, in words")
    url: str = Field(description="this job (poll it)")
    result_url: str | None = Field(description="download, once done")

    @classmethod
    def of(cls, record: JobRecord) -> Job:
        """The job as its owner sees it."""
        return cls(
            id=record.id,
            kind=record.kind,
            status=record.status,
            progress=100 if record.status == "done" else record.progress,
            message=job_message(record),
            url=url_for("api.job_status", job_id=record.id),
            result_url=record.result_url if record.status == "done" else None,
        )


def job_accepted(record: JobRecord) -> tuple[Job, int, dict[str, str]]:
    """202 Accepted: the job to poll, also in the Location header."""
    job = Job.of(record)
    return job, 202, {"Location": job.url}


def unavailable() -> ServiceUnavailable:
    """503 when the job queue cannot be reached (the synchronous download still works)."""
    return ServiceUnavailable(_("Background jobs are unavailable right now; try again later."))


@bp.get("/jobs/<job_id>")
@endpoint(
    summary="A background job's status and progress",
    tag="reports",
    who="the user who started it; consultants any",
    responses={200: Job},
    errors=(503,),
)
def job_status(job_id: str):
    """A background job's status and progress: its starter's, or any for a consultant."""
    try:
        record = job_record(job_id)
    except RedisError as error:
        raise unavailable() from error
    if record is None or not may_see_job(record.owner_id, me()):
        raise NotFound()  # another user's job looks exactly like a missing one
    return Job.of(record)
