"""Where a job runs: on Redis for `flask worker` when REDIS_URL is set, else inline.

Inline, a job started during a request runs right after the response is sent (the user
does not wait for it); outside a request (a CLI command) it runs at once. Jobs that a
state change asks for (`enqueue_after_commit`) wait for the transaction to commit, so a
worker never reads data that is not there yet, and a rolled back change queues nothing.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from flask import Flask, after_this_request, current_app, has_request_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.serializers import JSONSerializer
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from audit.jobs.records import JOB_ID, FileRecords, JobRecord, rq_record
from audit.jobs.runner import InlineTracker, _tracker

logger = logging.getLogger("audit.jobs")
_PENDING = "audit.jobs.pending"
_REDIS = "audit.jobs.redis"
_held: ContextVar[bool] = ContextVar("audit_jobs_held", default=False)


def redis_connection(app: Flask) -> Redis | None:
    """The app's Redis connection (one per app), or None when REDIS_URL is not set."""
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    if _REDIS not in app.extensions:
        app.extensions[_REDIS] = Redis.from_url(url)
    return app.extensions[_REDIS]


def job_queue(app: Flask) -> Queue:
    """The RQ queue of the app's jobs (JSON payloads: ids and plain values only)."""
    connection = redis_connection(app)
    if connection is None:
        raise RuntimeError("REDIS_URL is not set: jobs run inline, there is no queue")
    return Queue(app.config["JOB_QUEUE"], connection=connection, serializer=JSONSerializer)


def file_records(app: Flask) -> FileRecords:
    """The inline jobs' records (instance/jobs unless JOB_RECORDS_PATH says otherwise)."""
    return FileRecords(app.config.get("JOB_RECORDS_PATH") or Path(app.instance_path) / "jobs")


def _check_job(func: Callable[..., Any], args: tuple) -> None:
    """Only `@job` functions, with ids and plain values (inline too, as RQ's JSON demands)."""
    if not hasattr(func, "job_name"):
        raise TypeError(f"{func!r} is not a job: decorate it with audit.jobs.job")
    try:
        json.dumps(args)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{func.job_name} takes ids and plain values, not {error}") from None


def enqueue(
    func: Callable[..., Any],
    *args: Any,
    owner_id: int | None = None,
    kind: str = "",
    result_url: str | None = None,
) -> JobRecord:
    """Run the job `func(*args)` in the background; a job with an owner can be polled."""
    _check_job(func, args)
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    record = JobRecord(
        id=uuid.uuid4().hex,
        kind=kind or func.__name__,
        owner_id=owner_id,
        result_url=result_url,
    )
    if redis_connection(app) is not None:
        retries = app.config["JOB_RETRIES"]
        retry = Retry(max=retries, interval=app.config["JOB_RETRY_INTERVALS"]) if retries else None
        job_queue(app).enqueue(
            func,
            *args,
            job_id=record.id,
            meta=record.meta(),
            retry=retry,
            job_timeout=app.config["JOB_TIMEOUT"],
            result_ttl=app.config["JOB_RESULT_TTL"],
            failure_ttl=app.config["JOB_FAILURE_TTL"],
        )
        return record
    records = None
    if owner_id is not None:
        records = file_records(app)
        records.prune(app.config["JOB_FAILURE_TTL"])
        records.save(record)
    _run_inline_soon(app, record.id, func, args, records)
    return record


def run_inline(
    app: Flask,
    job_id: str,
    func: Callable[..., Any],
    args: tuple,
    records: FileRecords | None = None,
) -> None:
    """Run a job now, retrying at once while retries are left; failures are only logged."""
    tracker = InlineTracker(job_id, records, app.config["JOB_RETRIES"])
    token = _tracker.set(tracker)
    try:
        with app.app_context():
            while True:
                try:
                    func(*args)
                    return
                except Exception:  # recorded and logged by the job itself
                    if tracker.retries_left() <= 0:
                        return
                    tracker.left -= 1
    finally:
        _tracker.reset(token)


def _run_inline_soon(
    app: Flask, job_id: str, func: Callable[..., Any], args: tuple, records: FileRecords | None
) -> None:
    """After the response when there is one (the user does not wait), else now."""
    run = functools.partial(run_inline, app, job_id, func, args, records)
    if not has_request_context():
        run()
        return

    @after_this_request
    def later(response):
        response.call_on_close(run)  # called by the server once the body is sent
        return response


def job_record(job_id: str) -> JobRecord | None:
    """A job's record, or None when there is none (expired, or not a job id)."""
    if not JOB_ID.fullmatch(job_id or ""):
        return None
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    connection = redis_connection(app)
    if connection is None:
        return file_records(app).load(job_id)
    try:
        rq_job = Job.fetch(job_id, connection=connection, serializer=JSONSerializer)
    except NoSuchJobError:
        return None
    return rq_record(rq_job)


def enqueue_after_commit(func: Callable[..., Any], *args: Any) -> None:
    """Run the job `func(*args)` once the current transaction commits (not if it rolls back)."""
    from audit.extensions import db

    _check_job(func, args)
    if _held.get():
        return
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback, even of nothing, drops the job too
    session.info.setdefault(_PENDING, []).append((func, args))


def jobs_held() -> bool:
    """True inside `without_jobs()`: changes made now ask for no background work."""
    return _held.get()


@contextmanager
def without_jobs() -> Iterator[None]:
    """Changes made inside ask for no jobs: a bulk load (the demo) whose reports are built
    on their first download rather than hundreds at once."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


@event.listens_for(Session, "after_commit")
def _enqueue_pending(session: Session) -> None:
    for func, args in session.info.pop(_PENDING, ()):
        try:
            enqueue(func, *args)
        except RedisError:  # the change is committed: do the work here rather than lose it
            logger.exception("Redis refused job %s; running it in this process", func.job_name)
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            _run_inline_soon(app, uuid.uuid4().hex, func, args, None)


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outer transaction ended without a commit
        session.info.pop(_PENDING, None)
