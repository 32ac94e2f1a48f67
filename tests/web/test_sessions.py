"""Sessions end for real: sign-out, password change and reset end every copy of a cookie,
the API tokens and the other links; tokens expire; a bogus Bearer never skips CSRF."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import select

from audit.extensions import db
from audit.models import ApiToken, UserSession
from audit.services.users import reset_password

PASSWORD = "password123"


def sign_in(client, email: str, remember: bool = False):
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def copy_cookies(source, target) -> None:
    """What a thief does with a copied cookie jar."""
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


@pytest.fixture
def user(factory):
    return factory.user("consultant")


@pytest.fixture
def other(app):
    return app.test_client()


def test_a_copied_session_cookie_dies_with_sign_out(user, client, other):
    sign_in(client, user.email)
    copy_cookies(client, other)
    assert signed_in(other)
    client.post("/logout")
    assert not signed_in(client)
    assert not signed_in(other)


def test_a_copied_remember_cookie_dies_with_sign_out(user, client, app):
    sign_in(client, user.email, remember=True)
    remember = client.get_cookie("remember_token").value

    def thief():
        """A new browser holding only the copied remember cookie."""
        browser = app.test_client()
        browser.set_cookie("remember_token", remember)
        return browser

    assert signed_in(thief())
    client.post("/logout")
    assert not signed_in(thief())


def test_changing_the_password_ends_other_devices_tokens_and_links(
    factory, user, client, other, app
):
    sign_in(client, user.email)
    sign_in(other, user.email)
    token = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    link = reset_password(user, by=factory.user("consultant"))
    db.session.commit()
    assert client.get("/api/v1/audits", headers=bearer).status_code == 200

    response = client.post(
        "/account/password",
        data={"current": PASSWORD, "password": "a-new-secret", "confirm": "a-new-secret"},
    )
    assert response.status_code == 302
    assert signed_in(client)  # the device that changed it stays in
    assert not signed_in(other)
    assert app.test_client().get("/api/v1/audits", headers=bearer).status_code == 401
    assert (
        client.post(
            f"/set-password/{link}", data={"password": "x" * 9, "confirm": "x" * 9}
        ).status_code
        == 422
    )


def test_a_wrong_current_password_changes_nothing(user, client):
    sign_in(client, user.email)
    response = client.post(
        "/account/password",
        data={"current": "not-it", "password": "a-new-secret", "confirm": "a-new-secret"},
    )
    assert response.status_code == 401
    assert "This is not your current password." in response.get_data(as_text=True)
    client.post("/logout")
    sign_in(client, user.email)  # the old password still works


def test_a_reset_link_ends_sessions_tokens_and_the_other_link(factory, user, client, app):
    sign_in(client, user.email)
    token = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    consultant = factory.user("consultant")
    first, second = reset_password(user, consultant), reset_password(user, consultant)
    db.session.commit()

    new = {"password": "brand-new-1", "confirm": "brand-new-1"}
    assert app.test_client().post(f"/set-password/{second}", data=new).status_code == 302
    assert not signed_in(client)
    assert app.test_client().get("/api/v1/audits", headers=bearer).status_code == 401
    assert app.test_client().post(f"/set-password/{first}", data=new).status_code == 422


def test_tokens_expire_and_are_listed_and_revoked_on_the_account_page(user, client, app):
    sign_in(client, user.email)
    issued = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {issued.get_json()['token']}"}
    row = db.session.scalar(select(ApiToken))
    lifetime = row.expires_at - row.created_at
    assert abs(lifetime - timedelta(days=app.config["API_TOKEN_DAYS"])) < timedelta(seconds=5)
    page = client.get("/account").get_data(as_text=True)
    assert format_date(row.expires_at.date(), "medium", locale="en") in page

    client.post(f"/account/tokens/{row.id}/revoke")
    assert app.test_client().get("/api/v1/audits", headers=bearer).status_code == 401

    issued = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {issued.get_json()['token']}"}
    latest = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    latest.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    assert app.test_client().get("/api/v1/audits", headers=bearer).status_code == 401


def test_another_users_token_cannot_be_revoked(factory, user, client):
    stranger = factory.user("auditor")
    stranger_token = ApiToken(user=stranger, token_hash="f" * 64)
    db.session.add(stranger_token)
    db.session.commit()
    sign_in(client, user.email)
    assert client.post(f"/account/tokens/{stranger_token.id}/revoke").status_code == 404
    db.session.refresh(stranger_token)
    assert stranger_token.revoked_at is None


def test_sign_out_other_devices(user, client, app):
    sign_in(client, user.email)
    others = [app.test_client() for _ in range(2)]
    for device in others:
        sign_in(device, user.email)
    client.post("/account/sessions/end-others")
    assert signed_in(client)
    assert not any(signed_in(device) for device in others)
    assert (
        len(db.session.scalars(select(UserSession).where(UserSession.ended_at.is_(None))).all())
        == 1
    )


def test_a_bogus_bearer_does_not_skip_csrf_for_a_cookie_session(user, sibling_app):
    csrf_client = sibling_app(WTF_CSRF_ENABLED=True).test_client()
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    csrf_client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    response = csrf_client.delete("/api/v1/auth/token", headers={"Authorization": "Bearer x"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_a_busy_database_skips_the_last_seen_write_not_the_page(user, client, monkeypatch):
    """Recording when a session was last used is bookkeeping: a database busy with another
    writer (SQLite's "database is locked") skips it, the page still answers."""
    from flask import has_request_context
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    sign_in(client, user.email)
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    row.last_seen_at = datetime.now(UTC) - timedelta(hours=1)
    db.session.commit()

    real_commit = Session.commit

    def busy(self):
        if not has_request_context():  # the test client commits the test's own session
            return real_commit(self)
        raise OperationalError("UPDATE user_sessions", {}, Exception("database is locked"))

    monkeypatch.setattr(Session, "commit", busy)
    response = client.get("/account")
    monkeypatch.undo()
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(UserSession, row.id).last_seen_at < datetime.now(UTC) - timedelta(
        minutes=30
    )  # skipped, tried again next time
