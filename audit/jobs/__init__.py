"""Background work: one module per job kind, each job a plain function tests can call.

- `runner.job` makes a function a job (own app context and session, retries, a logged and
  visible failure); `report_progress(percent, stage)` tells its owner how far it is.
- `queue.enqueue(job, *args, owner_id=...)` runs it on Redis (RQ, `flask worker`) when
  REDIS_URL is set, else inline right after the response; `enqueue_after_commit` waits for
  the transaction of a state change.
- `reports`: the report jobs. A new kind (e-mails: `mail.py`) is a new module here; see
  DEVELOPERS.md, "Background jobs".
"""

from audit.jobs.queue import enqueue, enqueue_after_commit, job_record, without_jobs
from audit.jobs.records import JobRecord
from audit.jobs.runner import job, report_progress

__all__ = [
    "JobRecord",
    "enqueue",
    "enqueue_after_commit",
    "job",
    "job_record",
    "report_progress",
    "without_jobs",
]
