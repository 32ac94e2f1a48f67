"""Shared fixtures: one app and database per test worker, cleaned between tests.

The suite runs on a SQLite file by default, and on PostgreSQL when TEST_DATABASE_URL
names a server (CI runs it both ways). Each pytest-xdist worker gets its own database.
"""

from __future__ import annotations

import contextvars
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient

from audit import create_app
from audit.config import normalise_database_url
from audit.extensions import db
from tests.factories import Factory

IN_CI = os.environ.get("CI", "").lower() == "true"
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")


def _postgres_url(admin_url: str) -> str:
    """Create a fresh database for this worker on the server and return its URL."""
    import psycopg

    name = f"audit_test_{WORKER}"
    plain = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return normalise_database_url(re.sub(r"/[^/?]*(\?|$)", f"/{name}\\1", plain, count=1))


class _InContext:
    """A response body iterated (and closed) in the context its request ran in."""

    def __init__(self, context: contextvars.Context, body: Iterable[bytes]) -> None:
        self._context = context
        self._body = body
        self._iterator: Iterator[bytes] | None = None

    def __iter__(self) -> _InContext:
        return self

    def __next__(self) -> bytes:
        if self._iterator is None:
            self._iterator = self._context.run(iter, self._body)
        return self._context.run(next, self._iterator)

    def close(self) -> None:
        close = getattr(self._body, "close", None)
        if close is not None:
            self._context.run(close)


class FreshContextClient(FlaskClient):
    """A test client whose every request runs in its own app context and database session.

    Flask reuses an app context that is already pushed, so a request made while a test
    holds one (the `factory` and `app_ctx` fixtures do) would share the test's session and
    `g`: a service that forgot to commit would still look right. Here each request runs in
    an empty `contextvars.Context`, so it pushes its own app context and its session is
    removed (uncommitted changes rolled back) when the request ends. The test's own session
    is committed before the request (its setup must be visible to it) and expired after,
    so the test reads the results afresh from the database.
    """

    def run_wsgi_app(self, environ, buffered: bool = False):
        """Run one request in a fresh context; its body is iterated there too (streams)."""
        held = has_app_context()
        if held:
            db.session.commit()
        context = contextvars.Context()
        body, status, headers = context.run(super().run_wsgi_app, environ, buffered)
        if held:
            db.session.rollback()  # nothing is pending: this only ends and expires
        return _InContext(context, body), status, headers


def _testable(app: Flask) -> Flask:
    """Give `app` the fresh-context test client."""
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> Path:
    """A private instance/ folder (secret key, photos, reports, SQLite file)."""
    return tmp_path_factory.mktemp(f"instance-{WORKER}")


@pytest.fixture(scope="session")
def app(instance_dir):
    """The app under test, its schema built by the real migrations."""
    admin_url = os.environ.get("TEST_DATABASE_URL")
    database_url = (
        _postgres_url(admin_url) if admin_url else f"sqlite:///{instance_dir / 'test.sqlite3'}"
    )
    os.environ["AUDIT_INSTANCE_PATH"] = str(instance_dir)
    app = _testable(
        create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret",  # fixed: no file written outside tmp
                "SQLALCHEMY_DATABASE_URI": database_url,
                "PHOTO_STORAGE_PATH": str(instance_dir / "photos"),
                "REPORT_CACHE_PATH": str(instance_dir / "reports"),
                # Most tests post forms without a token; CSRF has its own tests (csrf_app).
                "WTF_CSRF_ENABLED": False,
                # The factories' users share a cheap scrypt hash; new ones and the decoy
                # hash of unknown e-mails are made the same cheap way.
                "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            }
        )
    )
    from audit.database import upgrade_schema

    upgrade_schema(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Empty every table after each test that used the app (fast compared to re-creating)."""
    yield
    if "app" in request.fixturenames:
        empty_database(request.getfixturevalue("app"))


def empty_database(app) -> None:
    """Delete every row and every stored photo and report file."""
    from audit.extensions import limiter

    with app.app_context():
        limiter.reset()  # failed sign-ins of one test never lock out the next
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
    for sub in ("photos", "reports"):
        shutil.rmtree(Path(app.config["PHOTO_STORAGE_PATH"]).parent / sub, ignore_errors=True)


@pytest.fixture
def sibling_app(app):
    """`sibling_app(**overrides)`: another app on the same database with other settings.

    Its connection pool is closed after the test; an open PostgreSQL connection left to
    the garbage collector raises a ResourceWarning, which fails a later test at random.
    """
    made = []

    def make(**overrides):
        made.append(_testable(create_app({**app.config, **overrides})))
        return made[-1]

    yield make
    if made and has_app_context():
        # The test's own session (the `factory` one) may have borrowed a connection from a
        # sibling's pool: reading an expired row inside a sibling's context binds to the
        # sibling's engine. Hand it back before that pool is disposed, or it leaks.
        db.session.close()
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app_ctx(app):
    """An application context, for calling services and scoping directly."""
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    """Flask's test client: real HTTP through the whole stack."""
    return app.test_client()


@pytest.fixture
def factory(app_ctx) -> Factory:
    """Build any record in one call (committed, so HTTP requests see it).

    The factory holds an app context for the test; requests still run in their own (see
    FreshContextClient), and the test's objects are expired after each request.
    """
    return Factory()


class AuthActions:
    """Sign in and out through the real form."""

    def __init__(self, client) -> None:
        self._client = client

    def login(self, email: str, password: str = "password123"):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    """`auth.login(email)` / `auth.logout()` on the test client."""
    return AuthActions(client)


@pytest.fixture
def api(client, app):
    """Call the JSON API as a user: `api(user).get('/audits')`."""
    from tests.apiclient import ApiClient

    def for_user(user=None) -> ApiClient:
        return ApiClient(client, app, user)

    return for_user


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (CI=true) a test that skips itself fails instead, with its skip message."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"Skipped in CI, where nothing may skip: {reason}"
