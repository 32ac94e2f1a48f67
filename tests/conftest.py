"""Shared fixtures: one app and database per test worker, cleaned between tests.

The suite runs on a SQLite file by default, and on PostgreSQL when TEST_DATABASE_URL
names a server (CI runs it both ways). Each pytest-xdist worker gets its own database.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

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
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",  # fixed: no file written outside tmp
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PHOTO_STORAGE_PATH": str(instance_dir / "photos"),
            "REPORT_CACHE_PATH": str(instance_dir / "reports"),
            # Most tests post forms without a token; CSRF has its own tests (csrf_app).
            "WTF_CSRF_ENABLED": False,
        }
    )
    from audit.database import upgrade_schema

    upgrade_schema(app)

    @app.before_request
    def _forget_previous_user():
        # Tests that hold an app context (factory, app_ctx) share `g` across requests, so
        # Flask-Login would keep the first request's user; each request must sign in anew.
        from flask import g

        g.pop("_login_user", None)

    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Empty every table after each test that used the app (fast compared to re-creating)."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
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
        made.append(create_app({**app.config, **overrides}))
        return made[-1]

    yield make
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
    """Build any record in one call (committed, so HTTP requests see it)."""
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
