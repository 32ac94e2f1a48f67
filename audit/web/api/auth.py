"""POST /auth/token: a bearer token for e-mail + password; DELETE revokes it."""

from __future__ import annotations

from flask import request
from pydantic import ConfigDict, Field

from audit.extensions import db
from audit.services.accounts import authenticate, issue_api_token, revoke_api_token
from audit.web.api import bp
from audit.web.api.declare import endpoint
from audit.web.api.errors import error_response
from audit.web.api.records import RoleName
from audit.web.api.schemas import Schema
from audit.web.auth.loading import bearer_token
from audit.web.auth.throttle import signin_limits


class Credentials(Schema):
    """An account's e-mail and password."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "consultant@example.com", "password": "secret"}]}
    )
    email: str = Field(min_length=1)
    password: str = Field(min_length=1)


class TokenUser(Schema):
    """Whose token it is."""

    id: int
    email: str
    role: RoleName


class Token(Schema):
    """A bearer token: send it as `Authorization: Bearer TOKEN`."""

    token: str
    user: TokenUser


@bp.post("/auth/token")
@endpoint(
    summary="Get a bearer token for e-mail and password",
    tag="auth",
    roles=None,
    body=Credentials,
    responses={200: Token},
    errors=(401, 429),
)
@signin_limits
def create_token(body: Credentials):
    """Exchange e-mail and password for a bearer token."""
    user = authenticate(body.email, body.password)
    if user is None:
        return error_response(401, "unauthorized", "Wrong e-mail or password.")
    token = issue_api_token(user)
    db.session.commit()
    return Token(token=token, user=TokenUser(id=user.id, email=user.email, role=user.role))


@bp.delete("/auth/token")
@endpoint(
    summary="Revoke the bearer token sent",
    tag="auth",
    who="token holder",
    roles=None,
    responses={204: None},
    errors=(401,),
)
def delete_token():
    """Revoke the bearer token this request is made with."""
    token = bearer_token(request)
    if not token or not revoke_api_token(token):
        return error_response(401, "unauthorized", "Send the Bearer token to revoke.")
    db.session.commit()
    return None, 204
