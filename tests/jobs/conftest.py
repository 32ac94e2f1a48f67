"""Job fixtures: a real redis-server on loopback, and the app in both job backends.

`backend` runs each test twice: inline (no REDIS_URL: jobs run right after the response,
or at once outside a request) and through Redis with RQ, where `backend.work()` runs a
burst worker in this process (SimpleWorker) so the test decides when jobs run. Without
redis-server the Redis half skips with how to get it (and fails in CI, where nothing may).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import UTC, datetime

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.factories import SMALL_ANSWERS
from tests.jobs.backends import Backend, burst, free_port

START_TRIES = 200  # 10 s at most for redis-server to answer PING


@pytest.fixture(scope="session")
def redis_url():
    """A private redis-server on 127.0.0.1 (no persistence) for this test worker."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip(
            "The Redis job tests need Debian's redis-server: `apt-get install redis-server`."
        )
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    connection = Redis.from_url(url)
    try:
        for _ in range(START_TRIES):
            try:
                connection.ping()
                break
            except RedisConnectionError:
                if process.poll() is not None:
                    pytest.fail(f"redis-server exited with {process.returncode}")
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not answer PING")
        yield url
    finally:
        connection.close()
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def redis_app(sibling_app, redis_url):
    """The app with REDIS_URL set; retries wait no time so a burst worker runs them."""
    app = sibling_app(REDIS_URL=redis_url, JOB_RETRY_INTERVALS=[0])
    connection = Redis.from_url(redis_url)
    connection.flushdb()
    yield app
    connection.flushdb()
    connection.close()
    with app.app_context():
        from audit.jobs.queue import redis_connection

        redis_connection(app).close()


@pytest.fixture(params=["inline", "redis"])
def backend(request, app) -> Backend:
    """Each test once with jobs inline, once through Redis and an RQ worker."""
    if request.param == "inline":
        return Backend("inline", app, lambda: None)
    redis_app = request.getfixturevalue("redis_app")
    return Backend("redis", redis_app, lambda: burst(redis_app))


@pytest.fixture
def wave(factory):
    """Acme's wave W1 (one published audit, one approved), a client each for Acme and
    Globex, a second Acme client, an auditor and a consultant."""
    acme = factory.organization("acme", name="Acme Retail")
    globex = factory.organization("globex", name="Globex Stores")
    version = factory.checklist()

    def audit(name: str, status: str):
        return factory.audit(
            location=factory.location(acme, name=name),
            version=version,
            status=status,
            answers=SMALL_ANSWERS,
            visited_at=datetime(2025, 3, 12, 14, 5, tzinfo=UTC),
            wave="W1",
        )

    published, approved = audit("Acme Lyon", "published"), audit("Acme Nice", "approved")
    return {
        "published": published,
        "approved": approved,
        "consultant": factory.user("consultant"),
        "auditor": published.auditor,
        "acme": factory.user("client", organization=acme),
        "acme2": factory.user("client", organization=acme),
        "globex": factory.user("client", organization=globex),
    }
