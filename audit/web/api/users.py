"""Creating users (consultants, auditors, client users)."""

from __future__ import annotations

from flask import jsonify
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.scoping import get_organization_or_404
from audit.services.errors import ValidationFailed
from audit.services.users import invite_user, password_link_url
from audit.web.access import consultant_required, me
from audit.web.api import bp
from audit.web.api.helpers import json_body, require_fields
from audit.web.api.serializers import user_json


@bp.post("/users")
@consultant_required
def post_user():
    """Create a user; without `password` the answer holds a one-time `invitation_url`."""
    data = json_body()
    require_fields(data, "email", "name", "role")
    for key in ("email", "name", "role", "password", "organization"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise ValidationFailed(
                "Fields must be text.", [{"field": key, "message": "must be a string"}]
            )
    organization = None
    if data.get("organization"):
        try:
            organization = get_organization_or_404(data["organization"], me())
        except NotFound:  # a bad field here, not a missing URL
            raise ValidationFailed(
                "No such organisation.",
                [{"field": "organization", "message": "no organisation with this slug"}],
            ) from None
    user, token = invite_user(
        email=data["email"],
        name=data["name"],
        role=data["role"],
        password=data.get("password") or None,
        organization=organization,
        invited_by=me(),
    )
    db.session.commit()
    body = user_json(user)
    if token:
        body["invitation_url"] = password_link_url(token)
    return jsonify(body), 201
