"""Creating users (consultants, auditors, client users)."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.scoping import get_organization_or_404
from audit.services import limits
from audit.services.errors import ValidationFailed
from audit.services.users import invite_user, password_link_url
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import endpoint
from audit.web.api.records import CreatedUser, RoleName
from audit.web.api.schemas import Schema, text


class UserIn(Schema):
    """A new user (the service checks the e-mail, the role and the password)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email": "ann@example.com", "name": "Ann Auditor", "role": "auditor"}]
        }
    )
    email: Annotated[str, Field(min_length=1), text(limits.EMAIL_MAX)]
    name: Annotated[str, Field(min_length=1), text(limits.NAME_MAX)]
    role: Annotated[str, Field(min_length=1, json_schema_extra={"enum": list(RoleName.__args__)})]
    password: str | None = Field(
        None,
        description="at least 8 characters; leave out to get a one-time invitation_url instead",
    )
    organization: str | None = Field(None, description="organisation slug (client users)")


@bp.post("/users")
@endpoint(
    summary="Create a user",
    tag="users",
    roles=("consultant",),
    body=UserIn,
    responses={201: CreatedUser},
    errors=(409,),
)
def post_user(body: UserIn):
    """Create a user; without `password` the answer holds a one-time `invitation_url`."""
    organization = None
    if body.organization:
        try:
            organization = get_organization_or_404(body.organization, me())
        except NotFound:  # a bad field here, not a missing URL
            raise ValidationFailed(
                "No such organisation.",
                [{"field": "organization", "message": "no organisation with this slug"}],
            ) from None
    user, token = invite_user(
        email=body.email,
        name=body.name,
        role=body.role,
        password=body.password or None,
        organization=organization,
        invited_by=me(),
    )
    db.session.commit()
    invitation = password_link_url(token) if token else None
    return CreatedUser.of(user, invitation_url=invitation)
