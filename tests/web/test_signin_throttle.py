"""Failed sign-ins are limited per account and per address; unknown e-mails cost the same."""

from __future__ import annotations

import pytest

from audit.services import accounts
from audit.services.accounts import authenticate


def wrong(client, email: str, api: bool = False):
    if api:
        return client.post("/api/v1/auth/token", json={"email": email, "password": "wrong!"})
    return client.post("/login", data={"email": email, "password": "wrong!"})


def right(client, email: str, api: bool = False):
    if api:
        return client.post("/api/v1/auth/token", json={"email": email, "password": "password123"})
    return client.post("/login", data={"email": email, "password": "password123"})


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
def test_too_many_failures_lock_the_account_even_for_the_right_password(factory, client, app, api):
    user = factory.user("auditor")
    allowed = int(app.config["SIGNIN_LIMIT_PER_ACCOUNT"].split()[0])
    for _ in range(allowed):
        assert wrong(client, user.email, api).status_code == 401
    locked = right(client, user.email, api)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    text = locked.get_data(as_text=True)
    assert "Too many failed sign-ins" in text
    if api:
        assert locked.get_json()["error"]["code"] == "too_many_requests"
    # Another account from the same address is not locked by this one.
    assert right(client, factory.user("auditor").email, api).status_code in (200, 302)


def test_successful_sign_ins_never_count(factory, client, app):
    user = factory.user("consultant")
    allowed = int(app.config["SIGNIN_LIMIT_PER_ACCOUNT"].split()[0])
    for _ in range(allowed + 5):
        assert right(client, user.email, api=True).status_code == 200


def test_one_address_trying_many_accounts_is_stopped(factory, client, sibling_app):
    throttled = sibling_app(SIGNIN_LIMIT_PER_ADDRESS="5 per 15 minutes").test_client()
    for n in range(5):
        assert wrong(throttled, f"nobody{n}@example.test").status_code == 401
    assert right(throttled, factory.user("client").email).status_code == 429


def test_an_unknown_email_is_checked_against_a_hash_like_a_known_one(factory, app_ctx, monkeypatch):
    checked = []
    real = accounts.check_password_hash
    monkeypatch.setattr(
        accounts, "check_password_hash", lambda h, p: checked.append(h) or real(h, p)
    )
    assert authenticate("nobody@example.test", "whatever") is None
    # Same method and cost as the users' own hashes (the test config's cheap scrypt).
    assert checked and checked[0].startswith(app_ctx.config["PASSWORD_HASH_METHOD"] + "$")
    user = factory.user("auditor")
    assert authenticate(user.email, "password123") == user
