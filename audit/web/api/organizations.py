"""Client organisations, their logo and their locations."""

from __future__ import annotations

from flask import jsonify, request
from sqlalchemy import select

from audit.extensions import db
from audit.models import Location, Organization
from audit.scoping import get_organization_or_404, locations_for
from audit.services.locations import create_location
from audit.services.organizations import (
    BRANDING_FIELDS,
    SETTING_FIELDS,
    create_organization,
    set_logo,
)
from audit.services.photos import photo_storage
from audit.web.access import me, role_required
from audit.web.api import bp
from audit.web.api.helpers import BadRequest, json_body, paginate, require_fields
from audit.web.api.serializers import location_json, organization_json

consultant_only = role_required("consultant")


@bp.get("/organizations")
@consultant_only
def list_organizations():
    """Client organisations, by name."""
    stmt = select(Organization).order_by(Organization.name, Organization.id)
    return jsonify(paginate(stmt, organization_json))


@bp.post("/organizations")
@consultant_only
def post_organization():
    """Create a client organisation."""
    data = json_body()
    require_fields(data, "name", "slug")
    fields = {k: data[k] for k in (*BRANDING_FIELDS, *SETTING_FIELDS) if k in data}
    organization = create_organization(slug=data["slug"], **fields)
    db.session.commit()
    return jsonify(organization_json(organization)), 201


@bp.put("/organizations/<slug>/logo")
@consultant_only
def put_logo(slug: str):
    """Replace the logo with the PNG or JPEG image sent as the body."""
    organization = get_organization_or_404(slug, me())
    data = request.get_data(cache=False)
    if not data:
        raise BadRequest("Send the PNG or JPEG image as the request body.")
    set_logo(organization, data, photo_storage())
    db.session.commit()
    return jsonify(organization_json(organization))


@bp.get("/organizations/<slug>/locations")
@role_required("consultant", "client")
def list_locations(slug: str):
    """The organisation's locations (clients: their own organisation only)."""
    organization = get_organization_or_404(slug, me())
    stmt = (
        locations_for(me())
        .where(Location.organization_id == organization.id)
        .order_by(Location.name, Location.id)
    )
    return jsonify(paginate(stmt, location_json))


@bp.post("/organizations/<slug>/locations")
@consultant_only
def post_location(slug: str):
    """Add a location to the organisation."""
    organization = get_organization_or_404(slug, me())
    data = json_body()
    require_fields(data, "name")
    location = create_location(organization, data)
    db.session.commit()
    return jsonify(location_json(location)), 201
