"""POST /users: passwords or invitation links, clients with their organisation."""

from __future__ import annotations


def test_create_user_with_password_can_sign_in(as_consultant, client):
    response = as_consultant.post(
        "/users",
        json={
            "email": "Ann@Example.test",
            "name": "Ann",
            "role": "auditor",
            "password": "s3cret-pw",
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "ann@example.test" and body["role"] == "auditor"
    assert "invitation_url" not in body and "password" not in body
    token = client.post(
        "/api/v1/auth/token", json={"email": "ann@example.test", "password": "s3cret-pw"}
    )
    assert token.status_code == 200


def test_create_user_without_password_gets_a_working_invitation(as_consultant, client):
    response = as_consultant.post(
        "/users", json={"email": "bo@example.test", "name": "Bo", "role": "consultant"}
    )
    assert response.status_code == 201
    url = response.get_json()["invitation_url"]
    path = url.split("localhost", 1)[1]
    assert client.get(path).status_code == 200
    done = client.post(path, data={"password": "new-password", "confirm": "new-password"})
    assert done.status_code == 302
    assert client.post(path, data={"password": "x" * 9, "confirm": "x" * 9}).status_code == 422


def test_client_users_need_an_existing_organization(as_consultant, factory):
    factory.organization("acme")
    base = {"email": "c@example.test", "name": "C", "role": "client", "password": "password1"}
    missing = as_consultant.post("/users", json=base)
    assert missing.status_code == 422
    assert missing.get_json()["error"]["details"][0]["field"] == "organization"
    unknown = as_consultant.post("/users", json={**base, "organization": "nope"})
    assert unknown.status_code == 422
    ok = as_consultant.post("/users", json={**base, "organization": "acme"})
    assert ok.status_code == 201 and ok.get_json()["organization"] == "acme"
    assert as_consultant.post("/users", json={**base, "organization": "acme"}).status_code == 409


def test_bad_user_fields_are_422(as_consultant):
    response = as_consultant.post(
        "/users", json={"email": "nope", "name": "N", "role": "boss", "password": "short"}
    )
    assert response.status_code == 422
    fields = {d["field"] for d in response.get_json()["error"]["details"]}
    assert fields == {"email", "role", "password"}
    wrong_type = as_consultant.post("/users", json={"email": 3, "name": "N", "role": "auditor"})
    assert wrong_type.status_code == 422
