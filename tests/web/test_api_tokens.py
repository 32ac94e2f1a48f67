"""POST /api/v1/auth/token: tokens for e-mail + password, hashed, revocable."""

from __future__ import annotations

from sqlalchemy import select

from audit.extensions import db
from audit.models import ApiToken


def test_token_for_good_credentials_then_use_and_revoke(factory, client):
    user = factory.user("consultant")
    response = client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": "password123"}
    )
    assert response.status_code == 200
    token = response.get_json()["token"]
    stored = db.session.scalars(select(ApiToken)).all()
    assert len(stored) == 1
    assert stored[0].token_hash != token  # only the hash is stored
    headers = {"Authorization": f"Bearer {token}"}
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 401


def test_wrong_password_answers_401_json(factory, client):
    user = factory.user("consultant")
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": "nope"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_malformed_body_answers_400(client):
    response = client.post("/api/v1/auth/token", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    response = client.post("/api/v1/auth/token", json=["a", "b"])
    assert response.status_code == 400


def test_missing_fields_answer_422_with_details(client):
    response = client.post("/api/v1/auth/token", json={"email": "x@example.test"})
    assert response.status_code == 422
    assert response.get_json()["error"]["details"] == [{"field": "password", "message": "required"}]


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_bad_token_is_401(client):
    response = client.delete("/api/v1/auth/token", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_token_use_is_recorded_on_reads(factory, client):
    user = factory.user("consultant")
    token = client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": "password123"}
    ).get_json()["token"]
    client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {token}"})
    db.session.expire_all()
    assert db.session.scalars(select(ApiToken)).one().last_used_at is not None
