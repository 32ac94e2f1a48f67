"""Programmes: list, create, plan a period's wave, confirm its visits in bulk; workload."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import Organization
from audit.models.programmes import Programme
from audit.scoping import get_organization_or_404
from audit.services.checklists import latest_versions
from audit.services.errors import ServiceError
from audit.services.limits import as_id, int_arg
from audit.services.programmes import (
    FREQUENCIES,
    active_auditors,
    confirm_visits,
    create_programme,
    generate_wave,
    period_of,
    previous_auditors,
    visits_of,
    workload,
)
from audit.web.access import consultant_required, me
from audit.web.consultant import bp
from audit.web.consultant.common import show_problems


def _programme_or_404(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        raise NotFound()
    return programme


def _day(raw: str | None) -> date:
    """A date field (YYYY-MM-DD); today (UTC) when empty or not a date (said in a flash)."""
    if raw:
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            flash(
                _("“%(value)s” is not a date (use YYYY-MM-DD): today is used.", value=raw),
                "warning",
            )
    return datetime.now(UTC).date()


@bp.route("/programmes")
@consultant_required
def programmes():
    """Every programme, by client."""
    rows = db.session.scalars(
        select(Programme).join(Organization).order_by(Organization.name, Programme.name)
    )
    return render_template("consultant/programmes.html", programmes=list(rows))


@bp.route("/programmes/new", methods=["GET", "POST"])
@consultant_required
def new_programme():
    """Create a programme for one client (`?organization=SLUG` chooses it first)."""
    organizations = list(db.session.scalars(select(Organization).order_by(Organization.name)))
    slug = request.values.get("organization", "")
    organization = get_organization_or_404(slug, me()) if slug else None
    form = request.form
    status = 200
    if request.method == "POST" and organization is not None:
        chosen = {as_id(v) for v in form.getlist("locations")}
        locations = [loc for loc in organization.locations if loc.id in chosen]
        try:
            programme = create_programme(
                name=form.get("name", ""),
                organization=organization,
                checklist_slug=form.get("checklist", ""),
                locations=locations,
                frequency=form.get("frequency", ""),
                visits_per_wave=int_arg(form, "visits_per_wave", 1, minimum=0, maximum=100),
                window_start=int_arg(form, "window_start", 1, minimum=0, maximum=366),
                window_end=int_arg(form, "window_end", 28, minimum=0, maximum=366),
                scenarios=form.get("scenarios", ""),
            )
        except ServiceError as error:
            show_problems(None, error)
            status = 422
        else:
            db.session.commit()
            flash(_("The programme “%(name)s” is saved.", name=programme.name), "success")
            return redirect(url_for(".programme", programme_id=programme.id))
    return render_template(
        "consultant/programme_form.html",
        organizations=organizations,
        organization=organization,
        checklists=latest_versions(),
        frequencies=FREQUENCIES,
        form=form,
    ), status


@bp.route("/programmes/<int:programme_id>")
@consultant_required
def programme(programme_id: int):
    """A programme and one period's visits (`?day=`, default today) to confirm in bulk."""
    programme = _programme_or_404(programme_id)
    day = _day(request.args.get("day"))
    period = period_of(programme.frequency, day)
    return render_template(
        "consultant/programme.html",
        programme=programme,
        period=period,
        visits=visits_of(programme, period),
        auditors=active_auditors(),
        previous=previous_auditors(programme, period),
        results=session.pop("bulk_results", None),
    )


@bp.route("/programmes/<int:programme_id>/generate", methods=["POST"])
@consultant_required
def generate_programme_wave(programme_id: int):
    """Plan the wave of the period containing the chosen day (again: adds what is missing)."""
    programme = _programme_or_404(programme_id)
    day = _day(request.form.get("day"))
    made = generate_wave(programme, day)
    db.session.commit()
    flash(_("%(n)d visit(s) planned with a proposed auditor.", n=len(made)), "success")
    return redirect(url_for(".programme", programme_id=programme.id, day=day.isoformat()))


@bp.route("/programmes/<int:programme_id>/confirm", methods=["POST"])
@consultant_required
def confirm_programme_visits(programme_id: int):
    """Assign the ticked visits to their chosen auditors; a result per row."""
    programme = _programme_or_404(programme_id)
    ids = [i for i in (as_id(v) for v in request.form.getlist("visits")) if i is not None]
    if not ids:
        flash(_("Tick at least one visit."), "error")
    choices = {i: as_id(request.form.get(f"auditor-{i}", "")) for i in ids}
    results = confirm_visits(programme, choices, me())
    db.session.commit()
    session["bulk_results"] = [r.__dict__ for r in results]
    return redirect(
        url_for(".programme", programme_id=programme.id, day=request.form.get("day") or None)
    )


@bp.route("/workload")
@consultant_required
def workload_view():
    """Each auditor's open audits, overdue ones, visits due soon and proposals."""
    return render_template("consultant/workload.html", rows=workload(datetime.now(UTC).date()))
