"""Client organisations, their logo and their locations."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StrictBool, StrictFloat, StrictInt
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import Location, Organization
from audit.scoping import get_location_or_404, get_organization_or_404, locations_for
from audit.services import limits
from audit.services.locations import create_location, update_location
from audit.services.organizations import (
    COLOR,
    SLUG,
    create_organization,
    set_logo,
    update_organization,
)
from audit.services.photos import photo_storage
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import binary, endpoint
from audit.web.api.helpers import paginate
from audit.web.api.records import LocationOut, OrganizationOut
from audit.web.api.schemas import Page, Paging, Schema, text

CONSULTANT = ("consultant",)
Colour = Annotated[str, Field(json_schema_extra={"pattern": f"^{COLOR.pattern}$"})]


class OrganizationIn(Schema):
    """A new client organisation (the service checks slug, colours and lengths)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"name": "Acme Retail", "slug": "acme", "primary_color": "#1f3a5f"}]
        }
    )
    name: Annotated[str, Field(min_length=1), text(limits.NAME_MAX)]
    slug: Annotated[
        str,
        Field(min_length=1, json_schema_extra={"pattern": f"^{SLUG.pattern}$"}),
    ] = Field(description="permanent short name in URLs")
    primary_color: Colour | None = None
    accent_color: Colour | None = None
    report_footer: Annotated[str, text(limits.REPORT_FOOTER_MAX)] | None = None
    page_size: Literal["A4", "Letter"] | None = None
    paper: Literal["A4", "Letter"] | None = Field(None, description="= page_size")
    report_language: Literal["en", "ar", "ru"] | None = Field(
        None, description="language of its PDF reports (default en)"
    )
    show_auditor_names: StrictBool | None = Field(
        None, description="false (default): clients see auditors as pseudonyms"
    )
    checkin_radius_m: StrictInt | None = Field(
        None, description="far_from_location beyond (metres, default 300, 10-100000)"
    )
    min_visit_minutes: StrictInt | None = Field(
        None, description="too_fast under (minutes, 0-1440; null: none; a checklist's wins)"
    )
    photo_time_tolerance_h: StrictFloat | None = Field(
        None, description="photo_time_mismatch beyond (hours, default 3, 0.25-336)"
    )
    duplicate_photo_distance: StrictInt | None = Field(
        None, description="duplicate_photo within (bits of 64, default 6, 0-7)"
    )
    score_outlier_points: StrictFloat | None = Field(
        None, description="score_outlier beyond (points from peers, default 20, 1-100)"
    )
    allow_recordings: StrictBool | None = Field(
        None, description="true (default); false: auditors may not upload recordings"
    )


class OrganizationPatch(OrganizationIn):
    """Changes to an organisation: any field of a new one but the slug, which never changes."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"checkin_radius_m": 250, "min_visit_minutes": 15}]},
    )
    name: Annotated[str, Field(min_length=1), text(limits.NAME_MAX)] | None = None  # type: ignore[assignment]
    slug: None = Field(None, exclude=True, json_schema_extra={"readOnly": True})  # type: ignore[assignment]


class LocationIn(Schema):
    """A new location of an organisation."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Lyon Part-Dieu", "code": "LY1", "timezone": "Europe/Paris"}]
        },
    )
    name: Annotated[str, Field(min_length=1), text(limits.LOCATION_FIELDS["name"])]
    code: Annotated[str, text(limits.LOCATION_FIELDS["code"])] | None = None
    address: Annotated[str, text(limits.LOCATION_FIELDS["address"])] | None = None
    city: Annotated[str, text(limits.LOCATION_FIELDS["city"])] | None = None
    country: Annotated[str, text(limits.LOCATION_FIELDS["country"])] | None = None
    region: Annotated[str, text(limits.LOCATION_FIELDS["region"])] | None = None
    timezone: Annotated[str, text(limits.LOCATION_FIELDS["timezone"])] | None = Field(
        None, description="IANA zone name (default UTC)"
    )
    latitude: StrictFloat | None = Field(None, description="WGS84 decimal degrees, with longitude")
    longitude: StrictFloat | None = Field(None, description="WGS84 decimal degrees, with latitude")


class LocationPatch(LocationIn):
    """Changes to a location: only the fields sent (latitude and longitude together)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"latitude": 45.76, "longitude": 4.86}]}
    )
    name: Annotated[str, Field(min_length=1), text(limits.LOCATION_FIELDS["name"])] | None = None  # type: ignore[assignment]


@bp.get("/organizations")
@endpoint(
    summary="Client organisations",
    tag="organizations",
    roles=CONSULTANT,
    query=Paging,
    responses={200: Page[OrganizationOut]},
)
def list_organizations(query: Paging):
    """Client organisations, by name."""
    stmt = select(Organization).order_by(Organization.name, Organization.id)
    return paginate(stmt, OrganizationOut.of, query)


@bp.post("/organizations")
@endpoint(
    summary="Create a client organisation",
    tag="organizations",
    roles=CONSULTANT,
    body=OrganizationIn,
    responses={201: OrganizationOut},
    errors=(409,),
)
def post_organization(body: OrganizationIn):
    """Create a client organisation."""
    fields = body.model_dump(exclude={"slug"}, exclude_unset=True)
    organization = create_organization(slug=body.slug, **fields)
    db.session.commit()
    return OrganizationOut.of(organization)


@bp.get("/organizations/<slug>")
@endpoint(
    summary="An organisation: branding and settings (integrity thresholds)",
    tag="organizations",
    roles=("consultant", "client"),
    who="consultant; client (own organisation)",
    responses={200: OrganizationOut},
)
def get_organization(slug: str):
    """One organisation with its branding and settings (clients: their own)."""
    return OrganizationOut.of(get_organization_or_404(slug, me()))


@bp.patch("/organizations/<slug>")
@endpoint(
    summary="Change branding and settings (any field but the slug)",
    tag="organizations",
    roles=CONSULTANT,
    body=OrganizationPatch,
    responses={200: OrganizationOut},
)
def patch_organization(slug: str, body: OrganizationPatch):
    """Change branding and settings (integrity thresholds among them); the slug stays."""
    organization = get_organization_or_404(slug, me())
    update_organization(organization, **body.model_dump(exclude_unset=True, exclude={"slug"}))
    db.session.commit()
    return OrganizationOut.of(organization)


@bp.put("/organizations/<slug>/logo")
@endpoint(
    summary="Replace the logo (raw PNG or JPEG body, checked by content)",
    tag="organizations",
    roles=CONSULTANT,
    body=binary("image/png", "image/jpeg"),
    responses={200: OrganizationOut},
    errors=(422,),
)
def put_logo(slug: str, body: bytes):
    """Replace the logo with the PNG or JPEG image sent as the body (checked by content)."""
    organization = get_organization_or_404(slug, me())
    set_logo(organization, body, photo_storage())
    db.session.commit()
    return OrganizationOut.of(organization)


@bp.get("/organizations/<slug>/locations")
@endpoint(
    summary="Locations of an organisation",
    tag="organizations",
    roles=("consultant", "client"),
    who="consultant; client (own organisation)",
    query=Paging,
    responses={200: Page[LocationOut]},
)
def list_locations(slug: str, query: Paging):
    """The organisation's locations (clients: their own organisation only)."""
    organization = get_organization_or_404(slug, me())
    stmt = (
        locations_for(me())
        .where(Location.organization_id == organization.id)
        .order_by(Location.name, Location.id)
    )
    return paginate(stmt, LocationOut.of, query)


@bp.post("/organizations/<slug>/locations")
@endpoint(
    summary="Add a location",
    tag="organizations",
    roles=CONSULTANT,
    body=LocationIn,
    responses={201: LocationOut},
    errors=(409,),
)
def post_location(slug: str, body: LocationIn):
    """Add a location to the organisation."""
    organization = get_organization_or_404(slug, me())
    location = create_location(organization, body.model_dump(exclude_unset=True))
    db.session.commit()
    return LocationOut.of(location)


@bp.patch("/organizations/<slug>/locations/<int:location_id>")
@endpoint(
    summary="Change a location (only the fields sent; latitude and longitude together)",
    tag="organizations",
    roles=CONSULTANT,
    body=LocationPatch,
    responses={200: LocationOut},
    errors=(409,),
)
def patch_location(slug: str, location_id: int, body: LocationPatch):
    """Change a location's fields (coordinates among them); the others stay as they are."""
    organization = get_organization_or_404(slug, me())
    location = get_location_or_404(location_id, me())
    if location.organization_id != organization.id:
        raise NotFound()
    update_location(location, body.model_dump(exclude_unset=True), partial=True)
    db.session.commit()
    return LocationOut.of(location)
