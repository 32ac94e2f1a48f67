"""Database engine settings: SQLite pragmas, schema upgrade on start."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError


def _sqlite_pragmas(lock_timeout_ms: int):
    """The pragmas every SQLite connection gets, waiting `lock_timeout_ms` for a writer."""

    def on_connect(dbapi_connection, _record) -> None:
        # WAL lets readers work while an auditor's sync writes; the busy timeout waits for
        # a writer instead of failing at once; SQLite leaves foreign keys off unless asked.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={lock_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return on_connect


def _postgres_settings(lock_timeout_ms: int):
    """Bound PostgreSQL's wait for a row lock (unbounded by default) like SQLite's, and
    turn its JIT compiler off: our queries are short, and compiling a plan of a
    million-row list cost 30 ms more than it saved (bench/bench_lists.py)."""

    def on_connect(dbapi_connection, _record) -> None:
        # Outside a transaction: a SET inside one would be undone by the pool's rollback.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        dbapi_connection.execute(f"SET lock_timeout = {lock_timeout_ms}")
        dbapi_connection.execute("SET jit = off")
        dbapi_connection.autocommit = autocommit

    return on_connect


def init_app(app: Flask) -> None:
    """Install the per-connection settings on the engine this app creates."""
    lock_timeout_ms = int(float(app.config["DATABASE_LOCK_TIMEOUT"]) * 1000)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        on_connect = _sqlite_pragmas(lock_timeout_ms)
    elif uri.startswith("postgresql"):
        on_connect = _postgres_settings(lock_timeout_ms)
    else:
        return
    with app.app_context():
        from audit.extensions import db

        engine: Engine = db.engine
        event.listen(engine, "connect", on_connect)


# SQLSTATE classes and codes of a database that is busy or away for now, not of a bad query:
# connection exceptions, serialization failure, deadlock, lock timeout, statement timeout,
# shutting down, cannot connect now.
_RETRY_LATER_SQLSTATES = ("08", "40001", "40P01", "55P03", "57014", "57P01", "57P03")


def database_busy(error: OperationalError) -> bool:
    """True when `error` means "busy or unreachable, try again", not a bug in a query.

    SQLite says a missing table with an OperationalError too: that one stays a 500.
    """
    orig = error.orig
    sqlite_name = getattr(orig, "sqlite_errorname", None)
    if sqlite_name is not None:
        return sqlite_name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is None:  # psycopg could not reach the server at all
        return error.connection_invalidated or "connect" in str(orig).lower()
    return sqlstate.startswith(_RETRY_LATER_SQLSTATES)


def upgrade_schema(app: Flask) -> None:
    """Bring the database to the newest migration (creates it when empty)."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


def insert_for(dialect: str, model: Any) -> Any:
    """INSERT for `model` with the ON CONFLICT clauses (upserts) of `dialect`."""
    return {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect](model)


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session has loaded.

    For a request that answers with what it just wrote: building the answer after the
    commit instead of before keeps the audit's lock (PostgreSQL's row lock, SQLite's one
    write lock) for the write alone, not for serialising the answer too; without this,
    the commit would expire every loaded row and the answer would read them all again.
    """
    from audit.extensions import db

    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
