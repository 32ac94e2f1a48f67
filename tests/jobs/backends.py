"""Job backends for the tests: the app inline or through Redis, and a worker to run."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, has_app_context
from rq import SimpleWorker

from audit.extensions import db
from audit.jobs.queue import job_queue
from audit.jobs.worker import run_worker
from tests.apiclient import ApiClient


def free_port() -> int:
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServedApiClient(ApiClient):
    """The API client whose responses are read and closed, as a server does after sending:
    that is when inline jobs started by the request run."""

    def _call(self, method: str, path: str, **kwargs):
        response = super()._call(method, path, **kwargs)
        response.get_data()
        response.close()
        return response


@dataclass
class Backend:
    """The app under one job backend; `work()` runs what is queued (inline: already ran)."""

    name: str
    app: Flask
    work: Callable[[], None]

    def api(self, user=None) -> ApiClient:
        """The JSON API of this app, as `user`."""
        return ServedApiClient(self.app.test_client(), self.app, user)

    def queued(self) -> int:
        """Jobs waiting on Redis (always 0 inline: nothing waits)."""
        if self.name == "inline":
            return 0
        with self.app.app_context():
            return job_queue(self.app).count


def burst(app: Flask) -> None:
    """Run every queued job (and their retries) in this process, then return.

    The worker disposes the engine's pool first (as `flask worker` must before forking).
    A test session holding a connection from that pool would have it orphaned, and the
    garbage collector would warn later, in another test: hand it back first.
    """
    if has_app_context():
        db.session.close()
    run_worker(app, burst=True, worker_class=SimpleWorker)
