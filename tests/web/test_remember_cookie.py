""" "Keep me signed in": once the session cookie is gone, the remember cookie signs the user
in for good, not for one request (strong session protection checks the new session)."""

from __future__ import annotations


def test_the_remember_cookie_keeps_the_user_signed_in_past_one_request(client, factory):
    user = factory.user("auditor")
    client.post("/login", data={"email": user.email, "password": "password123", "remember": "y"})
    assert client.get_cookie("remember_token") is not None
    client.delete_cookie("session")  # the browser was closed
    for _ in range(3):
        assert client.get("/auditor/").status_code == 200
    assert client.get_cookie("remember_token") is not None
