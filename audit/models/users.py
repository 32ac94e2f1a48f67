"""People who sign in, their API tokens and their one-time password links."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from audit.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from audit.models.organizations import Organization


class Role(enum.StrEnum):
    """What a user may do (docs/platform.md, "Roles")."""

    CONSULTANT = "consultant"
    AUDITOR = "auditor"
    CLIENT = "client"


class User(UserMixin, Base):
    """A consultant, field auditor or client user."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    # Only client users belong to an organisation.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # en, ar or ru; None: follow the browser's Accept-Language.
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses disabled users
        return self.active

    @property
    def is_consultant(self) -> bool:
        return self.role == Role.CONSULTANT.value

    @property
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR.value

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT.value

    # The session this user object was loaded through (Flask-Login stores get_id() in the
    # session cookie and the remember cookie): signing out or changing the password ends
    # that server-side session, so a copied cookie stops working too.
    def get_id(self) -> str | None:
        """The server-side session token (not the user id): see UserSession."""
        return getattr(self, "session_token", None)

    def set_password(self, password: str) -> None:
        """Hash with Werkzeug's scrypt (PASSWORD_HASH_METHOD: the tests use a cheap one)."""
        method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """True when the password matches (False for users without one yet)."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class UserSession(Base):
    """A signed-in browser: the session and remember cookies carry its token, stored hashed.

    Ending it (sign-out, password change or reset, "sign out other devices") makes every
    copy of those cookies worthless, which a signed client-side cookie alone cannot do.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class ApiToken(Base):
    """A bearer token for the JSON API; only its sha256 is stored, so a leak is harmless."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class PasswordLink(Base):
    """A one-time set-password link (invitation or reset), stored hashed."""

    __tablename__ = "password_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))  # invitation | reset
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
