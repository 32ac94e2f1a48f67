"""A save that waits too long for another writer's lock answers 503 "busy", loses nothing.

The lock is held for real from a second connection: SQLite's write lock (BEGIN IMMEDIATE)
or PostgreSQL's row lock on the audit (SELECT ... FOR UPDATE), whichever the suite runs on.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from audit.database import database_busy
from tests.apiclient import ApiClient


@contextmanager
def lock_held(app, audit_id: int):
    """Hold the lock a save of `audit_id` needs, from outside the app, until the block ends."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        conn = sqlite3.connect(url.database, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    else:
        conn = psycopg.connect(url.set(drivername="postgresql").render_as_string(False))
        conn.execute("SELECT id FROM audits WHERE id = %s FOR UPDATE", [audit_id])
    try:
        yield
    finally:
        conn.rollback()
        conn.close()


def test_a_save_blocked_past_the_lock_timeout_is_a_503_and_the_retry_lands(sibling_app, factory):
    busy_app = sibling_app(DATABASE_LOCK_TIMEOUT=0.3)
    audit = factory.audit(status="in_progress")
    api = ApiClient(busy_app.test_client(), busy_app, audit.auditor)
    path = f"/audits/{audit.id}/answers"
    assert api.patch(path, json={"greeted": "yes"}).status_code == 200

    with lock_held(busy_app, audit.id):
        response = api.patch(path, json={"greeted": "no"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    error = response.get_json()["error"]
    assert error["code"] == "busy" and "nothing was saved" in error["message"]
    assert api.get(f"/audits/{audit.id}").get_json()["answers"]["greeted"] == "yes"

    # What the outbox does next: send the same change again, once the lock is gone.
    again = api.patch(path, json={"greeted": "no"})
    assert again.status_code == 200 and again.get_json()["answers"]["greeted"] == "no"


def test_the_busy_page_is_said_in_the_readers_language(sibling_app, factory):
    busy_app = sibling_app(DATABASE_LOCK_TIMEOUT=0.3)
    audit = factory.audit(status="in_progress")
    api = ApiClient(busy_app.test_client(), busy_app, audit.auditor)
    with lock_held(busy_app, audit.id):
        response = api.patch(
            f"/audits/{audit.id}/answers", json={"greeted": "no"}, headers={"Accept-Language": "ru"}
        )
    assert response.status_code == 503
    assert "nothing was saved" not in response.get_json()["error"]["message"]


def _wrapped(orig: Exception) -> OperationalError:
    return OperationalError("SELECT 1", {}, orig)


@pytest.mark.parametrize(
    ("orig", "busy"),
    [
        (psycopg.errors.LockNotAvailable("lock timeout"), True),
        (psycopg.errors.DeadlockDetected("deadlock"), True),
        (psycopg.errors.SerializationFailure("could not serialize"), True),
        (psycopg.errors.AdminShutdown("terminating connection"), True),
        (psycopg.OperationalError("connection failed: connection refused"), True),
        (psycopg.errors.UndefinedTable("relation does not exist"), False),
    ],
)
def test_only_a_busy_or_absent_database_is_a_503(orig, busy):
    assert database_busy(_wrapped(orig)) is busy


def test_a_missing_sqlite_table_stays_a_bug_not_busy():
    with pytest.raises(sqlite3.OperationalError) as missing:
        sqlite3.connect(":memory:").execute("SELECT * FROM nowhere")
    assert database_busy(_wrapped(missing.value)) is False
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorname = "SQLITE_BUSY"
    assert database_busy(_wrapped(locked)) is True
