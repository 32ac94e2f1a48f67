"""Managing people: invite, disable and re-enable, reset passwords (links, no mail server)."""

from __future__ import annotations

from flask_babel import gettext as _

from audit.extensions import db
from audit.models import Organization, User
from audit.services.accounts import create_user, issue_password_link
from audit.services.errors import NotAllowed


def invite_user(
    *,
    email: str,
    name: str,
    role: str,
    invited_by: User,
    organization: Organization | None = None,
    password: str | None = None,
) -> tuple[User, str | None]:
    """Create a user; without a password they get a one-time invitation token to set one."""
    user = create_user(
        email=email, name=name, role=role, password=password, organization=organization
    )
    token = None if password else issue_password_link(user, "invitation", invited_by)
    return user, token


def reset_password(user: User, by: User) -> str:
    """A one-time token for the user to choose a new password (shown to the consultant)."""
    return issue_password_link(user, "reset", by, days=2)


def set_active(user: User, active: bool, by: User) -> User:
    """Disable (they can no longer sign in or use tokens) or re-enable a user."""
    if user.id == by.id and not active:
        raise NotAllowed(_("You cannot disable your own account."))
    user.active = active
    db.session.flush()
    return user
