"""Database engine settings: SQLite pragmas, schema upgrade on start."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers work while an auditor's sync writes; the busy timeout waits for a
    # writer instead of failing (30 s: on an overloaded server a queue of tablets' saves
    # can hold the one write lock for more than 10 s, and a wait beats "database is
    # locked"; gunicorn's timeout is 120 s); SQLite leaves foreign keys off unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def init_app(app: Flask) -> None:
    """Install the SQLite pragmas on engines this app creates."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            from audit.extensions import db

            engine: Engine = db.engine
            event.listen(engine, "connect", _sqlite_pragmas)


def upgrade_schema(app: Flask) -> None:
    """Bring the database to the newest migration (creates it when empty)."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


def insert_for(session: Any, model: Any) -> Any:
    """INSERT for `model` with the ON CONFLICT clauses (upserts) of the session's dialect
    (or of a dialect named by `session`)."""
    dialect = session if isinstance(session, str) else session.get_bind().dialect.name
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
