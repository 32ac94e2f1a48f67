"""The worker behind `flask --app audit worker`: takes jobs from Redis and runs them."""

from __future__ import annotations

from flask import Flask
from rq import Worker
from rq.serializers import JSONSerializer

from audit.extensions import db
from audit.jobs.queue import job_queue, redis_connection


def run_worker(app: Flask, burst: bool = False, worker_class: type[Worker] = Worker) -> bool:
    """Work the app's queue until stopped (or, with `burst`, until it is empty).

    RQ's default worker forks a process per job, so a big PDF's memory is given back when
    the job ends; the scheduler runs the retries that wait (RQ Retry intervals).
    """
    with app.app_context():
        db.engine.dispose()  # no connection of this process may be shared with a fork
        worker = worker_class(
            [job_queue(app)], connection=redis_connection(app), serializer=JSONSerializer
        )
        return worker.work(burst=burst, with_scheduler=True)
