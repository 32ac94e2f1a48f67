"""Sign-in throttling: failed attempts are counted per account and per address.

Only failures count (a 401 answer), so a person who signs in correctly never uses up the
allowance; past it, even the right password is refused until the window has passed, with
`Retry-After`. Counters live in Redis when RATELIMIT_STORAGE_URI names it (several app
servers share them), else in the process's memory.
"""

from __future__ import annotations

from flask import Response, request
from flask_limiter.util import get_remote_address

from audit.extensions import limiter


def _account_key() -> str:
    """The e-mail being tried, from the sign-in form or the token request's JSON."""
    email = request.form.get("email")
    if email is None:
        body = request.get_json(silent=True)
        email = body.get("email") if isinstance(body, dict) else None
    return "account:" + (email.strip().lower() if isinstance(email, str) else "")


def _failed(response: Response) -> bool:
    return response.status_code == 401


def signin_limits(view):
    """Apply the per-account and per-address limits of failed sign-ins to `view`."""
    from flask import current_app

    def account_limit() -> str:
        return current_app.config["SIGNIN_LIMIT_PER_ACCOUNT"]

    def address_limit() -> str:
        return current_app.config["SIGNIN_LIMIT_PER_ADDRESS"]

    view = limiter.limit(
        account_limit, key_func=_account_key, deduct_when=_failed, methods=["POST"]
    )(view)
    return limiter.limit(
        address_limit, key_func=get_remote_address, deduct_when=_failed, methods=["POST"]
    )(view)
