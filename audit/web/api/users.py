"""Creating users (consultants, auditors, client users)."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from audit.extensions import db
from audit.services import limits
from audit.services.accounts import set_language
from audit.services.users import invite_user, password_link_url
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import endpoint
from audit.web.api.helpers import body_organization
from audit.web.api.records import CreatedUser, MeOut, RoleName
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
    organization = body_organization(body.organization) if body.organization else None
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


class MeIn(Schema):
    """My own settings; a field left out is not changed."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"language": "ar"}]})
    language: str | None = Field(
        None, description="en, ar or ru; null follows the browser's Accept-Language"
    )


@bp.get("/users/me")
@endpoint(summary="The signed-in user and their settings", tag="users", responses={200: MeOut})
def get_me():
    """The signed-in user, with their interface language (null: the browser's)."""
    user = me()
    return MeOut.of(user, language=user.language)


@bp.patch("/users/me")
@endpoint(
    summary="Change my settings (interface language)",
    tag="users",
    body=MeIn,
    responses={200: MeOut},
)
def patch_me(body: MeIn):
    """Change my own settings: `language` (en, ar, ru, or null to follow the browser)."""
    user = me()
    if "language" in body.model_fields_set:
        set_language(user, body.language)
    db.session.commit()
    return MeOut.of(user, language=user.language)
