"""People: invitation links shown once, password resets, disabling."""

from __future__ import annotations

import re

from sqlalchemy import select

from audit.extensions import db
from audit.models import User


def _link(page: str) -> str:
    match = re.search(r'value="http://localhost(/set-password/[^"]+)"', page)
    assert match, "no link on the page"
    return match.group(1)


def test_invite_an_auditor_and_they_set_their_password(client, consultant, auth):
    response = client.post(
        "/consultant/users/new",
        data={
            "email": "new@example.test",
            "name": "New Auditor",
            "role": "auditor",
            "organization": "",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    path = _link(page)
    again = client.get("/consultant/users").get_data(as_text=True)
    assert "/set-password/" not in again  # shown once only
    auth.logout()
    assert (
        client.post(path, data={"password": "brand-new-pw", "confirm": "brand-new-pw"}).status_code
        == 302
    )
    assert auth.login("new@example.test", "brand-new-pw").status_code == 302


def test_client_users_need_an_organisation(client, consultant, world):
    data = {"email": "c@example.test", "name": "C", "role": "client", "organization": ""}
    response = client.post("/consultant/users/new", data=data)
    assert response.status_code == 422
    assert "client users need an organisation" in response.get_data(as_text=True)
    response = client.post("/consultant/users/new", data={**data, "organization": "acme"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "c@example.test"))
    assert user.organization.slug == "acme"
    dup = client.post("/consultant/users/new", data={**data, "organization": "acme"})
    assert dup.status_code == 422 and "already taken" in dup.get_data(as_text=True)


def test_disable_enable_and_reset(client, consultant, world, auth):
    auditor = world["auditor"]
    client.post(f"/consultant/users/{auditor.id}/active", data={"active": "0"})
    db.session.expire_all()
    assert db.session.get(User, auditor.id).active is False
    page = client.post(f"/consultant/users/{auditor.id}/reset", follow_redirects=True).get_data(
        as_text=True
    )
    path = _link(page)
    client.post(f"/consultant/users/{auditor.id}/active", data={"active": "1"})
    db.session.expire_all()
    assert db.session.get(User, auditor.id).active is True
    own = client.post(
        f"/consultant/users/{consultant.id}/active", data={"active": "0"}, follow_redirects=True
    )
    assert "You cannot disable your own account." in own.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, consultant.id).active is True
    auth.logout()
    client.post(path, data={"password": "reset-password", "confirm": "reset-password"})
    assert auth.login(auditor.email, "reset-password").status_code == 302
    assert client.post("/consultant/users/999999/reset").status_code in (403, 404)
