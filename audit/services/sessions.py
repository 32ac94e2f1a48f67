"""Server-side sessions: what the session and remember cookies point at, and ending them.

A Flask session cookie is signed, not stored: signing out only forgets it in one browser,
and a copy keeps working. Each sign-in therefore starts a `UserSession` row whose token the
cookies carry (Flask-Login stores `User.get_id()`); ending the row ends every copy.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from audit.extensions import db
from audit.models import ApiToken, PasswordLink, User, UserSession

# last_seen_at is written at most this often (a page view should not always be a write).
TOUCH_INTERVAL = timedelta(minutes=5)


def commit_bookkeeping() -> None:
    """Commit a bookkeeping write (when a session or token was last used).

    It is made before the view runs, on GET requests too; a database busy with another
    writer (SQLite) skips it rather than failing the page: it is tried again next time.
    """
    try:
        db.session.commit()
    except OperationalError:
        db.session.rollback()


def digest(token: str) -> str:
    """The stored form of a session, API or link token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(user: User, user_agent: str = "") -> str:
    """Open a session for `user`; returns its token, set on the user for Flask-Login."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user=user, token_hash=digest(token), user_agent=user_agent[:200]))
    db.session.flush()
    user.session_token = token
    return token


def user_for_session(token: str) -> User | None:
    """The active user of a session that has not ended, or None."""
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == digest(token)))
    if row is None or row.ended_at is not None or not row.user.active:
        return None
    now = datetime.now(UTC)
    if now - row.last_seen_at > TOUCH_INTERVAL:
        row.last_seen_at = now
        commit_bookkeeping()
    row.user.session_token = token
    return row.user


def end_session(token: str | None) -> None:
    """End one session (sign-out); an unknown or ended one is not an error."""
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == digest(token), UserSession.ended_at.is_(None))
            .values(ended_at=datetime.now(UTC))
        )


def end_other_sessions(user: User, keep: str | None = None) -> int:
    """End every session of `user` but `keep`; returns how many were ended."""
    query = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)
    )
    if keep:
        query = query.where(UserSession.token_hash != digest(keep))
    return db.session.execute(query.values(ended_at=datetime.now(UTC))).rowcount


def end_all_access(user: User, keep_session: str | None = None) -> None:
    """After a password change or reset: end sessions, API tokens and pending links.

    Whoever knew the old password (or held a cookie, a token or another reset link) is out;
    `keep_session` is the browser that just changed the password, if any.
    """
    now = datetime.now(UTC)
    end_other_sessions(user, keep_session)
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    db.session.execute(
        update(PasswordLink)
        .where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
        .values(used_at=now)
    )


def live_sessions(user: User) -> list[UserSession]:
    """The user's sessions that have not ended, most recently seen first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            .order_by(UserSession.last_seen_at.desc())
        )
    )
