"""Client organisations: branding, logo, locations (one by one or CSV), their users."""

from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import User
from audit.scoping import get_location_or_404, get_organization_or_404
from audit.services.checklists import latest_versions
from audit.services.consultant_lists import (
    location_listing,
    locations_spec,
    organization_listing,
    organizations_spec,
    overdue_counts,
)
from audit.services.errors import ServiceError
from audit.services.integrity import THRESHOLD_RANGES
from audit.services.locations import (
    create_location,
    import_locations,
    parse_coordinates,
    update_location,
)
from audit.services.organizations import (
    create_organization,
    remove_logo,
    set_logo,
    update_organization,
)
from audit.services.photos import photo_storage
from audit.web.access import consultant_required, me
from audit.web.consultant import bp
from audit.web.consultant.common import list_args, show_problems
from audit.web.consultant.forms import CsvForm, LocationForm, LogoForm, OrganizationForm
from audit.web.pagination import page_of
from audit.web.stored_files import send_stored_jpeg

BRANDING = (
    "name",
    "primary_color",
    "accent_color",
    "report_footer",
    "page_size",
    "report_language",
    "show_auditor_names",
    *THRESHOLD_RANGES,
    "allow_recordings",
)

# The location form takes both coordinates in one pasted field.
POSITION_FIELDS = {"latitude": "coordinates", "longitude": "coordinates"}


@bp.route("/organizations")
@consultant_required
def organizations():
    """Client organisations by name; search, sort and the "with overdue audits" flag."""
    chosen = list_args(organizations_spec())
    listing = page_of(organization_listing(chosen))
    return render_template(
        "consultant/organizations.html",
        listing=listing,
        listed=chosen,
        overdue=overdue_counts(listing.items),
    )


@bp.route("/organizations/new", methods=["GET", "POST"])
@consultant_required
def new_organization():
    """Create a client organisation."""
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            org = create_organization(slug=form.slug.data, **_settings(form))
        except ServiceError as error:
            show_problems(form, error)
        else:
            db.session.commit()
            flash(_("Organisation “%(name)s” created.", name=org.name), "success")
            return redirect(url_for(".organization", slug=org.slug))
    status = 422 if form.errors else 200
    return render_template("consultant/organization_form.html", form=form, org=None), status


@bp.route("/organizations/<slug>")
@consultant_required
def organization(slug: str):
    """An organisation: branding, checklists, locations (searched, sorted) and users."""
    org = get_organization_or_404(slug, me())
    chosen = list_args(locations_spec())
    locations = page_of(location_listing(org, chosen))
    users = list(
        db.session.scalars(select(User).where(User.organization_id == org.id).order_by(User.name))
    )
    return render_template(
        "consultant/organization.html",
        org=org,
        locations=locations,
        users=users,
        logo_form=LogoForm(),
        csv_form=CsvForm(),
        listed=chosen,
        all_checklists=latest_versions(),
    )


@bp.route("/organizations/<slug>/edit", methods=["GET", "POST"])
@consultant_required
def edit_organization(slug: str):
    """Change an organisation's name and branding."""
    org = get_organization_or_404(slug, me())
    form = OrganizationForm(obj=org)
    form.slug.data = org.slug  # never changes
    if form.validate_on_submit():
        try:
            update_organization(org, **_settings(form))
        except ServiceError as error:
            show_problems(form, error)
        else:
            db.session.commit()
            flash(_("Branding saved."), "success")
            return redirect(url_for(".organization", slug=org.slug))
    status = 422 if form.errors else 200
    return render_template("consultant/organization_form.html", form=form, org=org), status


def _settings(form: OrganizationForm) -> dict:
    """The form's branding and settings; Decimal numbers as float for the service."""
    return {
        k: float(form[k].data) if isinstance(form[k].data, Decimal) else form[k].data
        for k in BRANDING
    }


@bp.route("/organizations/<slug>/logo", methods=["POST"])
@consultant_required
def upload_logo(slug: str):
    """Replace the logo (checked by content; the old one stays if refused)."""
    org = get_organization_or_404(slug, me())
    form = LogoForm()
    if not form.validate_on_submit():
        flash(_("Choose a PNG or JPEG file."), "error")
        return redirect(url_for(".organization", slug=org.slug))
    try:
        set_logo(org, form.logo.data.read(), photo_storage())
    except ServiceError as error:
        show_problems(None, error)
    else:
        db.session.commit()
        flash(_("Logo saved."), "success")
    return redirect(url_for(".organization", slug=org.slug))


@bp.route("/organizations/<slug>/logo/remove", methods=["POST"])
@consultant_required
def delete_logo(slug: str):
    """Remove the logo; reports show the name instead."""
    org = get_organization_or_404(slug, me())
    remove_logo(org)
    db.session.commit()
    flash(_("Logo removed."), "success")
    return redirect(url_for(".organization", slug=org.slug))


@bp.route("/organizations/<slug>/logo.jpg")
@consultant_required
def logo(slug: str):
    """The stored logo (thumbnail size)."""
    org = get_organization_or_404(slug, me())
    if not org.logo_sha256:
        raise NotFound()
    return send_stored_jpeg(org.logo_sha256, "thumb")


@bp.route("/organizations/<slug>/locations/new", methods=["GET", "POST"])
@consultant_required
def new_location(slug: str):
    """Add a location."""
    org = get_organization_or_404(slug, me())
    form = LocationForm()
    if form.validate_on_submit():
        try:
            location = create_location(org, _location_values(form))
        except ServiceError as error:
            show_problems(form, error, POSITION_FIELDS)
        else:
            db.session.commit()
            flash(_("Location “%(name)s” added.", name=location.name), "success")
            return redirect(url_for(".organization", slug=org.slug))
    status = 422 if form.errors else 200
    return render_template(
        "consultant/location_form.html", form=form, org=org, location=None
    ), status


@bp.route("/locations/<int:location_id>/edit", methods=["GET", "POST"])
@consultant_required
def edit_location(location_id: int):
    """Change a location."""
    location = get_location_or_404(location_id, me())
    form = LocationForm(obj=location)
    if request.method == "GET" and location.latitude is not None:
        form.coordinates.data = f"{location.latitude}, {location.longitude}"
    if form.validate_on_submit():
        try:
            update_location(location, _location_values(form))
        except ServiceError as error:
            show_problems(form, error, POSITION_FIELDS)
        else:
            db.session.commit()
            flash(_("Location saved."), "success")
            return redirect(url_for(".organization", slug=location.organization.slug))
    status = 422 if form.errors else 200
    return render_template(
        "consultant/location_form.html", form=form, org=location.organization, location=location
    ), status


def _location_values(form: LocationForm) -> dict:
    keys = ("name", "code", "address", "city", "country", "region", "timezone")
    return {k: form[k].data or "" for k in keys} | parse_coordinates(form.coordinates.data)


@bp.route("/organizations/<slug>/locations/import", methods=["POST"])
@consultant_required
def import_locations_csv(slug: str):
    """Import locations from CSV: all rows, or none with each bad row by line."""
    org = get_organization_or_404(slug, me())
    form = CsvForm()
    if not form.validate_on_submit():
        flash(_("Choose a CSV file."), "error")
        return redirect(url_for(".organization", slug=org.slug))
    try:
        created = import_locations(org, form.file.data.read())
    except ServiceError as error:
        db.session.rollback()
        return render_template(
            "consultant/import_problems.html",
            error=error,
            back=url_for(".organization", slug=org.slug),
            what=_("locations of %(name)s", name=org.name),
        ), 422
    db.session.commit()
    flash(_("%(count)d location(s) imported.", count=len(created)), "success")
    return redirect(url_for(".organization", slug=org.slug))
