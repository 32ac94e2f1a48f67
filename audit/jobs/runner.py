"""Running one job: its own app context and session, progress, retries, a logged failure.

A job function is decorated with `@job`. It takes ids and plain values (never ORM objects:
a worker has its own database session), and may call `report_progress`. The decorator
pushes a fresh app context (so a fresh session), commits when the function returns, and
on an exception rolls back, decides whether a retry can help, records what its owner will
see, logs it, and raises again for the queue (RQ or the inline loop) to retry or give up.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context
from werkzeug.exceptions import HTTPException

from audit.extensions import db
from audit.jobs.records import FileRecords
from audit.services.errors import ServiceError

logger = logging.getLogger("audit.jobs")
F = TypeVar("F", bound=Callable[..., Any])
# Errors a retry cannot fix: the request itself is wrong (no such wave, a bad filter).
PERMANENT = (HTTPException, ServiceError)


class Tracker:
    """Where a running job reports to; this base reports nowhere (a direct call)."""

    job_id = ""

    def update(self, **fields: Any) -> None:
        """Change what the job's owner sees (status, progress, stage, detail)."""

    def retries_left(self) -> int:
        """How many more tries the job gets after this one."""
        return 0

    def give_up(self) -> None:
        """No retry: the failure is not transient."""


class RQTracker(Tracker):
    """An RQ job: our fields in its meta; RQ keeps its status and its retries."""

    def __init__(self, rq_job: Any) -> None:
        self.rq_job = rq_job
        self.job_id = rq_job.id

    def update(self, **fields: Any) -> None:
        self.rq_job.meta.update(fields)
        self.rq_job.save_meta()

    def retries_left(self) -> int:
        return self.rq_job.retries_left or 0

    def give_up(self) -> None:
        self.rq_job.retries_left = 0  # RQ reads it from this object when it handles the failure


class InlineTracker(Tracker):
    """An inline job: its record file when a user polls it; retries counted here."""

    def __init__(self, job_id: str, records: FileRecords | None, retries: int) -> None:
        self.job_id = job_id
        self.records = records
        self.left = retries

    def update(self, **fields: Any) -> None:
        if self.records is not None:
            self.records.update(self.job_id, **fields)

    def retries_left(self) -> int:
        return self.left

    def give_up(self) -> None:
        self.left = 0


_tracker: ContextVar[Tracker | None] = ContextVar("audit_job_tracker", default=None)


def current_tracker() -> Tracker:
    """The tracker of the job running here: inline, RQ's current job, or none."""
    tracker = _tracker.get()
    if tracker is not None:
        return tracker
    from rq import get_current_job

    rq_job = get_current_job()
    return RQTracker(rq_job) if rq_job is not None else Tracker()


def report_progress(percent: int, stage: str) -> None:
    """Tell the job's owner how far it is (0-100) and what it does now (a stage code)."""
    current_tracker().update(progress=max(0, min(100, int(percent))), stage=stage)


_built_app: Flask | None = None


def job_app() -> Flask:
    """The app a job runs in: the current one (request, `flask worker`, test), else built."""
    global _built_app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _built_app is None:  # a bare `rq worker`: build the app as `flask` would
        from audit import create_app

        _built_app = create_app()
    return _built_app


def failure_reason(error: BaseException) -> str:
    """What the owner may read about a failure: a user-facing message, else nothing."""
    if isinstance(error, ServiceError):
        return error.message
    if isinstance(error, HTTPException):
        return error.description or ""
    return ""  # an unexpected error's text is for the log, not for clients


def _failed(name: str, tracker: Tracker, error: Exception) -> None:
    """Decide on a retry, record what the owner sees, and log it."""
    if isinstance(error, PERMANENT):
        tracker.give_up()
    left = tracker.retries_left()
    if left > 0:
        logger.warning("Job %s (%s) failed, %d retries left: %r", tracker.job_id, name, left, error)
        tracker.update(status="queued", stage="retrying")
        return
    logger.error("Job %s (%s) failed: %r", tracker.job_id, name, error, exc_info=error)
    tracker.update(status="failed", stage="failed", detail=failure_reason(error))


def job(func: F) -> F:
    """Make `func` a job: own app context and session, commit on return, failures recorded."""
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def run(*args: Any) -> Any:
        tracker = current_tracker()
        with job_app().app_context():  # a new context: a session of its own
            tracker.update(status="running", stage="started", progress=0, detail="")
            try:
                result = func(*args)
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                _failed(name, tracker, error)
                raise
        tracker.update(status="done", stage="done", progress=100)
        return result

    run.job_name = name  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]
