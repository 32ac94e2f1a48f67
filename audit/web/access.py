"""Role checks for views: signed in, then the right role, else 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from audit.models import User


def role_required(*roles: str) -> Callable:
    """Let only signed-in users with one of `roles` through (401/login first, then 403)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def me() -> User:
    """The signed-in user, typed (current_user is a proxy)."""
    return current_user._get_current_object()  # type: ignore[attr-defined]


consultant_required = role_required("consultant")
auditor_required = role_required("auditor")
client_required = role_required("client")
