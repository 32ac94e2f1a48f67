"""POST /auth/token: a bearer token for e-mail + password; DELETE revokes it."""

from flask import jsonify, request

from audit.extensions import db
from audit.services.accounts import authenticate, issue_api_token, revoke_api_token
from audit.web.api import bp
from audit.web.api.errors import error_response
from audit.web.api.helpers import json_body, require_fields
from audit.web.auth.loading import bearer_token
from audit.web.auth.throttle import signin_limits


@bp.post("/auth/token")
@signin_limits
def create_token():
    """Exchange e-mail and password for a bearer token."""
    data = json_body()
    require_fields(data, "email", "password")
    if not isinstance(data["email"], str) or not isinstance(data["password"], str):
        return error_response(400, "bad_request", "`email` and `password` must be strings.")
    user = authenticate(data["email"], data["password"])
    if user is None:
        return error_response(401, "unauthorized", "Wrong e-mail or password.")
    token = issue_api_token(user)
    db.session.commit()
    return jsonify(token=token, user={"id": user.id, "email": user.email, "role": user.role})


@bp.delete("/auth/token")
def delete_token():
    """Revoke the bearer token this request is made with."""
    token = bearer_token(request)
    if not token or not revoke_api_token(token):
        return error_response(401, "unauthorized", "Send the Bearer token to revoke.")
    db.session.commit()
    return "", 204
