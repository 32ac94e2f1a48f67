"""Sign-in, sign-out, wrong password, redirects, CSRF, API tokens."""

from __future__ import annotations

import re

import pytest

from audit.web.auth.views import safe_next


def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Sign in" in response.data


# What each home shows that only a working home of that role shows.
HEADINGS = {
    "consultant": "<h1>Welcome, {user.name}</h1>",
    "auditor": "<h1>My audits</h1>",
    "client": "· {user.organization.name}</span></h1>",
}


@pytest.mark.parametrize(
    ("role", "home"),
    [("consultant", "/consultant/"), ("auditor", "/auditor/"), ("client", "/client/")],
)
def test_each_role_lands_on_its_home(factory, auth, client, role, home):
    user = factory.user(role)
    response = auth.login(user.email)
    assert response.status_code == 302
    response = client.get("/", follow_redirects=False)
    assert response.headers["Location"].endswith(home)
    page = client.get(home)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'My account · {user.email}">{user.name} · <span class="role">{role}</span>' in text
    assert HEADINGS[role].format(user=user) in text


def test_email_is_case_insensitive(factory, auth):
    user = factory.user("consultant", email="Mixed@Example.test")
    assert auth.login("  mixed@example.TEST ").status_code == 302
    assert user.id


def test_wrong_password_is_refused(factory, auth, client):
    user = factory.user("consultant")
    response = auth.login(user.email, "not-the-password")
    assert response.status_code == 401
    assert b"Wrong e-mail or password" in response.data
    assert client.get("/consultant/").status_code == 302  # still signed out


def test_disabled_user_cannot_sign_in(factory, auth):
    user = factory.user("auditor", active=False)
    assert auth.login(user.email).status_code == 401


def test_logout_signs_out(factory, auth, client):
    user = factory.user("client")
    auth.login(user.email)
    assert client.get("/client/").status_code == 200
    assert auth.logout().status_code == 302
    response = client.get("/client/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_next_redirect_stays_on_site(factory, auth, client):
    user = factory.user("consultant")
    response = client.post(
        "/login?next=https://evil.example/steal",
        data={"email": user.email, "password": "password123"},
    )
    assert response.headers["Location"] == "/"
    auth.logout()
    response = client.post(
        "/login?next=/consultant/", data={"email": user.email, "password": "password123"}
    )
    assert response.headers["Location"] == "/consultant/"


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:x", ""]
)
def test_safe_next_refuses_other_hosts(target):
    assert safe_next(target) is None


def test_session_cookie_flags(factory, client):
    user = factory.user("consultant")
    response = client.post("/login", data={"email": user.email, "password": "password123"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.fixture
def csrf_client(sibling_app):
    """A second app on the same database with CSRF on, as in production."""
    return sibling_app(WTF_CSRF_ENABLED=True).test_client()


def test_login_without_csrf_token_is_rejected(factory, csrf_client):
    user = factory.user("consultant")
    response = csrf_client.post("/login", data={"email": user.email, "password": "password123"})
    assert response.status_code == 400
    assert csrf_client.get("/consultant/").status_code == 302  # not signed in


def test_login_with_csrf_token_works(factory, csrf_client):
    user = factory.user("consultant")
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = csrf_client.post(
        "/login", data={"email": user.email, "password": "password123", "csrf_token": token}
    )
    assert response.status_code == 302


def test_api_with_session_cookie_needs_csrf_header(factory, csrf_client):
    user = factory.user("consultant")
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    csrf_client.post(
        "/login", data={"email": user.email, "password": "password123", "csrf_token": token}
    )
    response = csrf_client.delete("/api/v1/auth/token")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"  # the outbox renews its token


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_error_pages_look_like_the_product(client, factory, auth):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Touchpoint Audit" in response.data
    auth.login(factory.user("auditor").email)
    response = client.get("/consultant/")
    assert response.status_code == 403
    assert b"Not allowed" in response.data


def test_too_large_request_gets_the_product_page(app, client):
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/login", data=big, content_type="application/octet-stream")
    assert response.status_code == 413
    assert b"Too large" in response.data


def test_unexpected_error_gets_the_product_page_and_rolls_back(sibling_app):
    broken = sibling_app(PROPAGATE_EXCEPTIONS=False, TESTING=False)

    @broken.get("/boom")
    def boom():
        raise RuntimeError("bug")

    @broken.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("bug")

    client = broken.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
