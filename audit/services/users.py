"""Managing people: invite, disable and re-enable, reset passwords (links, mailed too)."""

from __future__ import annotations

from flask_babel import gettext as _

from audit.extensions import db
from audit.models import Organization, User
from audit.services.accounts import create_user, issue_password_link
from audit.services.errors import NotAllowed
from audit.services.notifications import app_path, external, queue_mail

# How long a set-password link works, and the kind of e-mail that carries it, by purpose.
LINK_DAYS = {"invitation": 7, "reset": 2}
LINK_MAIL_KIND = {"invitation": "invitation", "reset": "password_reset"}


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
    token = None if password else send_password_link(user, "invitation", invited_by)
    return user, token


def reset_password(user: User, by: User) -> str:
    """A one-time token for the user to choose a new password (mailed, shown to the consultant)."""
    return send_password_link(user, "reset", by)


def send_password_link(user: User, purpose: str, by: User | None) -> str:
    """Issue a one-time link (`invitation` or `reset`) and mail it once the change commits."""
    days = LINK_DAYS[purpose]
    token = issue_password_link(user, purpose, by, days=days)
    queue_mail(user, LINK_MAIL_KIND[purpose], {"days": days}, password_link_url(token))
    return token


def renew_password_link(user: User, kind: str, by: User) -> tuple[str, dict]:
    """A new link for a password mail that failed: its address and the mail's values."""
    purpose = next(p for p, k in LINK_MAIL_KIND.items() if k == kind)
    token = issue_password_link(user, purpose, by, days=LINK_DAYS[purpose])
    return password_link_url(token), {"days": LINK_DAYS[purpose]}


def password_link_url(token: str) -> str:
    """The full address of a set-password link."""
    return external(app_path("auth.set_password", token=token))


def set_active(user: User, active: bool, by: User) -> User:
    """Disable (they can no longer sign in or use tokens) or re-enable a user."""
    if user.id == by.id and not active:
        raise NotAllowed(_("You cannot disable your own account."))
    user.active = active
    db.session.flush()
    return user
