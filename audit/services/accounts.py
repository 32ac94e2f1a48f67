"""Users, API tokens and one-time password links."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound
from werkzeug.security import check_password_hash, generate_password_hash

from audit.extensions import db
from audit.models import ApiToken, Organization, PasswordLink, Role, User
from audit.services.errors import Conflict, ValidationFailed
from audit.services.limits import EMAIL_MAX, NAME_MAX, length_problem
from audit.services.sessions import commit_bookkeeping, end_all_access
from audit.services.sessions import digest as _digest

MIN_PASSWORD_LENGTH = 8
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)


@cache
def _decoy_hash(method: str) -> str:
    """A hash to check unknown e-mails against, made like every user's password hash."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def find_user_by_email(email: str) -> User | None:
    """Case-insensitive e-mail lookup."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None.

    An unknown e-mail is checked against a decoy hash of the same kind, so the answer
    takes as long as for a known one and timing does not tell which e-mails exist.
    """
    user = find_user_by_email(email or "")
    if user is None or not user.password_hash:
        check_password_hash(_decoy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user


def accounts_with_password(password: str, emails: list[str]) -> list[str]:
    """Which of the demo accounts and of all consultants still sign in with `password`.

    Consultants can do everything and are few; checking every user would cost a hash each
    (0.15 s) at every start.
    """
    lowered = [email.lower() for email in emails]
    users = db.session.scalars(
        select(User).where(
            (func.lower(User.email).in_(lowered)) | (User.role == Role.CONSULTANT.value)
        )
    )
    return sorted(user.email for user in users if user.active and user.check_password(password))


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    organization: Organization | None = None,
) -> User:
    """Create a user; clients must belong to an organisation, others must not."""
    problems = []
    email = (email or "").strip().lower()
    if "@" not in email:
        problems.append({"field": "email", "message": _("enter a valid e-mail address")})
    problems += filter(None, [length_problem("email", email, EMAIL_MAX)])
    if not (name or "").strip():
        problems.append({"field": "name", "message": _("a name is required")})
    problems += filter(None, [length_problem("name", name, NAME_MAX)])
    if role not in {r.value for r in Role}:
        problems.append(
            {"field": "role", "message": _("role must be consultant, auditor or client")}
        )
    if role == Role.CLIENT.value and organization is None:
        problems.append(
            {"field": "organization", "message": _("client users need an organisation")}
        )
    if role != Role.CLIENT.value and organization is not None:
        problems.append(
            {"field": "organization", "message": _("only client users belong to an organisation")}
        )
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            {"field": "password", "message": _("at least %(n)d characters", n=MIN_PASSWORD_LENGTH)}
        )
    if problems:
        raise ValidationFailed(_("The user could not be created."), problems)
    if find_user_by_email(email) is not None:
        raise Conflict(
            _("A user with this e-mail already exists."),
            [{"field": "email", "message": _("already taken")}],
        )
    user = User(email=email, name=name.strip(), role=role, organization=organization)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def issue_api_token(user: User) -> str:
    """A new bearer token; only its hash is stored, so it is shown once."""
    token = secrets.token_urlsafe(32)
    days = current_app.config["API_TOKEN_DAYS"]
    expires_at = datetime.now(UTC) + timedelta(days=days)
    db.session.add(ApiToken(user=user, token_hash=_digest(token), expires_at=expires_at))
    db.session.flush()
    return token


def token_expiry(row: ApiToken) -> datetime:
    """When a token stops working (tokens from before expiry existed count from creation)."""
    return row.expires_at or row.created_at + timedelta(days=current_app.config["API_TOKEN_DAYS"])


def _token_row(token: str) -> ApiToken | None:
    """The stored row of a bearer token, with its user in the same query (every API
    request signs in through this lookup)."""
    return db.session.scalar(
        select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == _digest(token))
    )


def user_for_api_token(token: str) -> User | None:
    """The active user behind a bearer token that is not revoked."""
    row = _token_row(token)
    now = datetime.now(UTC)
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    if token_expiry(row) <= now:
        return None
    if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH_INTERVAL:
        # Committed here, at sign-in time before the view runs (the API loads the user
        # first thing), so GET requests record use too; throttled to spare writes.
        row.last_used_at = now
        commit_bookkeeping()
    return row.user


def api_tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    now = datetime.now(UTC)
    rows = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc())
    )
    return [row for row in rows if token_expiry(row) > now]


def revoke_api_token_of(user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens; another user's or a missing one is a 404."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound()
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)


def revoke_api_token(token: str) -> bool:
    """Revoke a token; True when there was one to revoke."""
    row = _token_row(token)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = datetime.now(UTC)
    return True


def issue_password_link(user: User, purpose: str, created_by: User | None, days: int = 7) -> str:
    """A one-time token for an invitation or a password reset (valid `days` days)."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordLink(
            user=user,
            token_hash=_digest(token),
            purpose=purpose,
            expires_at=datetime.now(UTC) + timedelta(days=days),
            created_by_id=created_by.id if created_by else None,
        )
    )
    db.session.flush()
    return token


def use_password_link(token: str, password: str) -> User:
    """Set the password through a one-time link; the link is spent afterwards."""
    row = db.session.scalar(select(PasswordLink).where(PasswordLink.token_hash == _digest(token)))
    now = datetime.now(UTC)
    if row is None or row.used_at is not None or row.expires_at < now:
        raise ValidationFailed(
            _("This link is invalid, already used or expired; ask your consultant for a new one."),
            [{"field": "token", "message": _("invalid or expired link")}],
        )
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            _("The password is too short."),
            [
                {
                    "field": "password",
                    "message": _("at least %(n)d characters", n=MIN_PASSWORD_LENGTH),
                }
            ],
        )
    row.used_at = now
    change_password(row.user, password)
    return row.user


def change_password(user: User, password: str, keep_session: str | None = None) -> None:
    """Set a new password and end every other way in (sessions, tokens, links)."""
    user.set_password(password)
    end_all_access(user, keep_session)
    db.session.flush()


def set_language(user: User, language: object) -> None:
    """Set the user's interface language (en, ar, ru), or None to follow the browser."""
    from audit.catalogues import LANGUAGES

    if language is not None and language not in LANGUAGES:
        raise ValidationFailed(
            _("The language was not changed."),
            [
                {
                    "field": "language",
                    "message": _("one of %(choices)s", choices=", ".join(LANGUAGES)),
                    "code": "unknown_language",
                }
            ],
        )
    user.language = language  # type: ignore[assignment]
    db.session.flush()
