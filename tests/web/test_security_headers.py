"""Every answer carries the hardening headers; HTTPS and proxy settings do what they say."""

from __future__ import annotations

import pytest


def test_pages_api_and_errors_carry_the_headers(client):
    for path in ("/login", "/api/v1/openapi.json", "/no-such-page", "/healthz"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in headers


def test_https_marks_cookies_secure_and_sends_hsts(factory, sibling_app):
    user = factory.user("consultant")
    client = sibling_app(HTTPS=True).test_client()
    response = client.post(
        "/login", data={"email": user.email, "password": "password123", "remember": "y"}
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in cookie for cookie in cookies)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("trusted", [0, 1])
def test_forwarded_headers_count_only_behind_a_trusted_proxy(factory, sibling_app, trusted):
    app = sibling_app(PROXY_FIX_X_FOR=trusted, PROXY_FIX_X_PROTO=trusted)
    response = app.test_client().get(
        "/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    )
    # Only behind a trusted proxy does the request count as HTTPS (and get HSTS).
    assert ("Strict-Transport-Security" in response.headers) == bool(trusted)
