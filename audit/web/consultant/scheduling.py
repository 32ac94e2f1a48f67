"""Scheduling: the audits list (filters, pages), assigning one audit or a CSV of them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from audit.extensions import db
from audit.models import Audit, Location, Organization, Role, User
from audit.scoping import get_location_or_404, get_organization_or_404
from audit.services.checklist_sets import offered_versions
from audit.services.checklists import latest_versions
from audit.services.consultant_lists import audit_counted, audit_listing, audits_spec
from audit.services.errors import ServiceError
from audit.services.flag_words import assignment_warning
from audit.services.flags import assignment_warnings
from audit.services.limits import as_id
from audit.services.programmes import active_auditors
from audit.services.report_filters import STATUSES, AuditFilters, parse_filters
from audit.services.scheduling import import_audits, schedule_audit, waves
from audit.web.access import consultant_required, me
from audit.web.consultant import bp
from audit.web.consultant.common import list_args, show_problems
from audit.web.consultant.forms import AssignForm, CsvForm
from audit.web.pagination import page_of


def _filters() -> AuditFilters:
    try:
        return parse_filters(request.args)
    except ServiceError as error:
        show_problems(None, error)
        return AuditFilters()


def filter_choices() -> dict:
    """Options of the filter bar."""
    return {
        "statuses": STATUSES,
        "organizations": list(db.session.scalars(select(Organization).order_by(Organization.name))),
        "checklists": latest_versions(),
        "waves": waves(),
    }


@bp.route("/audits")
@consultant_required
def audits():
    """Every audit, newest first; filters, search (`q`), sort and the overdue flag."""
    filters = _filters()
    chosen = list_args(audits_spec())
    return render_template(
        "consultant/audits.html",
        listing=page_of(
            audit_listing(me(), filters, chosen),
            counted=audit_counted(me(), filters, chosen),
            key=Audit.id,
        ),
        filters=filters,
        listed=chosen,
        bulk_results=session.pop("bulk_results", None),
        auditors=active_auditors(),
        **filter_choices(),
    )


def _for_organization() -> Organization | None:
    """The client the assign form is for (`?organization=` or `?location=`), if any."""
    slug = request.args.get("organization", "")
    if slug:
        return get_organization_or_404(slug, me())
    location = as_id(request.args.get("location"))
    if location is not None:
        return get_location_or_404(location, me()).organization
    return None


def _assign_form(organization: Organization | None) -> AssignForm:
    form = AssignForm()
    form.checklist.choices = [
        SelectChoice(v.slug, f"{v.title} (v{v.version})") for v in offered_versions(organization)
    ]
    stmt = select(Location, Organization.name).join(Organization)
    if organization is not None:
        stmt = stmt.where(Location.organization_id == organization.id)
    rows = db.session.execute(stmt.order_by(Organization.name, Location.name))
    form.location.choices = [
        SelectChoice(
            str(loc.id), f"{org_name} · {loc.name}" + (f" ({loc.code})" if loc.code else "")
        )
        for loc, org_name in rows
    ]
    auditors = db.session.scalars(
        select(User).where(User.role == Role.AUDITOR.value, User.active).order_by(User.name)
    )
    form.auditor.choices = [SelectChoice(u.email, f"{u.name} <{u.email}>") for u in auditors]
    return form


@bp.route("/audits/new", methods=["GET", "POST"])
@consultant_required
def new_audit():
    """Assign one audit; for one client (`?organization=`) only its locations and checklists."""
    organization = _for_organization()
    form = _assign_form(organization)
    if request.method == "GET" and as_id(request.args.get("location")) is not None:
        form.location.data = request.args["location"]
    if form.validate_on_submit():
        try:
            audit = schedule_audit(
                assigned_by=me(),
                checklist=form.checklist.data,
                location=db.session.get(Location, int(form.location.data)),
                auditor=form.auditor.data,
                due_date=form.due_date.data,
                wave=form.wave.data or "",
                scenario=form.scenario.data or "",
            )
        except ServiceError as error:
            show_problems(form, error)
        else:
            db.session.commit()
            flash(
                _("Audit #%(id)d assigned to %(name)s.", id=audit.id, name=audit.auditor.name),
                "success",
            )
            _warn_rotation(audit)
            return redirect(url_for(".audit", audit_id=audit.id))
    status = 422 if form.errors else 200
    return render_template(
        "consultant/assign.html",
        form=form,
        csv_form=CsvForm(),
        waves=waves(),
        organization=organization,
    ), status


def _warn_rotation(audit) -> None:
    """Say so when the auditor visited this location in the previous wave (still assigned)."""
    for finding in assignment_warnings(audit):
        flash(assignment_warning(audit, finding), "warning")


@bp.route("/audits/import", methods=["POST"])
@consultant_required
def import_audits_csv():
    """Assign many audits from CSV: all rows, or none with each bad row by line."""
    form = CsvForm()
    if not form.validate_on_submit():
        flash(_("Choose a CSV file."), "error")
        return redirect(url_for(".new_audit"))
    try:
        created = import_audits(form.file.data.read(), me())
    except ServiceError as error:
        db.session.rollback()
        return render_template(
            "consultant/import_problems.html",
            error=error,
            back=url_for(".new_audit"),
            what=_("audits"),
        ), 422
    db.session.commit()
    flash(_("%(count)d audit(s) assigned.", count=len(created)), "success")
    return redirect(url_for(".audits"))
