"""The job machinery, inline and through Redis + RQ: retries, failures, commits, the worker."""

from __future__ import annotations

import logging

import pytest

from audit.extensions import db
from audit.jobs import enqueue, enqueue_after_commit, job_record, without_jobs
from tests.jobs.sample_jobs import flaky, noted, refused, tries


def _start(app, job, *args, owner=None):
    with app.app_context():
        return enqueue(job, *args, owner_id=owner and owner.id, kind="test")


def _record(app, job_id):
    with app.app_context():
        return job_record(job_id)


def test_a_transient_failure_is_retried_until_the_job_is_done(backend, factory, tmp_path):
    counter = str(tmp_path / "tries")
    started = _start(backend.app, flaky, counter, 2, owner=factory.user("client"))
    backend.work()
    assert tries(counter) == 3
    record = _record(backend.app, started.id)
    assert (record.status, record.progress, record.stage) == ("done", 100, "done")


def test_a_job_failing_every_try_is_failed_logged_and_says_so(backend, factory, tmp_path, caplog):
    client = factory.user("client")
    counter = str(tmp_path / "tries")
    started = _start(backend.app, flaky, counter, 99, owner=client)
    with caplog.at_level(logging.WARNING, logger="audit.jobs"):
        backend.work()
    retries = backend.app.config["JOB_RETRIES"]
    assert tries(counter) == 1 + retries
    ours = [r for r in caplog.records if r.name == "audit.jobs"]
    assert [r.levelname for r in ours] == ["WARNING"] * retries + ["ERROR"]
    assert started.id in ours[-1].getMessage() and ours[-1].exc_info  # the traceback
    body = backend.api(client).get(f"/jobs/{started.id}").get_json()
    assert body["status"] == "failed" and body["result_url"] is None
    assert body["message"] == "It could not be made. Please try again later."
    assert "database went away" not in body["message"]  # internals stay in the log


def test_a_failure_no_retry_can_fix_is_not_retried(backend, factory, tmp_path):
    client = factory.user("client")
    counter = str(tmp_path / "tries")
    started = _start(backend.app, refused, counter, owner=client)
    backend.work()
    assert tries(counter) == 1
    body = backend.api(client).get(f"/jobs/{started.id}").get_json()
    assert (body["status"], body["progress"]) == ("failed", 30)
    assert body["message"] == "It could not be made: No audits in this wave."


def test_a_job_asked_for_by_a_change_waits_for_its_commit(backend, tmp_path):
    counter = str(tmp_path / "tries")
    with backend.app.app_context():
        enqueue_after_commit(noted, counter)
        db.session.rollback()  # the change is undone: so is its job
        db.session.commit()
        backend.work()
        assert tries(counter) == 0
        enqueue_after_commit(noted, counter)
        assert (tries(counter), backend.queued()) == (0, 0)  # nothing before the commit
        db.session.commit()
    assert backend.queued() == (1 if backend.name == "redis" else 0)
    backend.work()
    assert tries(counter) == 1


def test_a_bulk_load_asks_for_no_jobs(backend, tmp_path):
    counter = str(tmp_path / "tries")
    with backend.app.app_context():
        with without_jobs():
            enqueue_after_commit(noted, counter)
        db.session.commit()
    assert backend.queued() == 0
    backend.work()
    assert tries(counter) == 0


def test_only_jobs_with_plain_arguments_can_be_queued(app_ctx, factory, tmp_path):
    with pytest.raises(TypeError, match="not a job"):
        enqueue(print, "hello")
    with pytest.raises(TypeError, match="ids and plain values"):
        enqueue_after_commit(noted, factory.user())  # a row, not its id


def test_worker_command_needs_redis(app):
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output


def test_worker_command_runs_the_queue_in_forked_work_horses(redis_app, tmp_path):
    # No app context held here: the command pushes the worker app's own, as `flask` does.
    counter = str(tmp_path / "tries")
    started = _start(redis_app, flaky, counter, 1)
    result = redis_app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert tries(counter) == 2
    assert _record(redis_app, started.id).status == "done"
