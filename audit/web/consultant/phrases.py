"""The reviewers' comment library: saved phrases, global or for one client organisation."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import Organization, ReviewPhrase
from audit.scoping import get_organization_or_404
from audit.services.errors import ServiceError
from audit.services.review_feedback import add_phrase, all_phrases, delete_phrase
from audit.web.access import consultant_required, me
from audit.web.consultant import bp
from audit.web.consultant.common import show_problems


@bp.route("/phrases")
@consultant_required
def phrases():
    """Every saved phrase, and the form to add one."""
    organizations = list(db.session.scalars(select(Organization).order_by(Organization.name)))
    return render_template(
        "consultant/phrases.html", phrases=all_phrases(), organizations=organizations
    )


@bp.route("/phrases", methods=["POST"])
@consultant_required
def new_phrase():
    """Save a phrase for every audit or for one organisation's."""
    slug = request.form.get("organization", "")
    organization = get_organization_or_404(slug, me()) if slug else None
    try:
        add_phrase(me(), request.form.get("text", ""), organization.id if organization else None)
    except ServiceError as error:
        db.session.rollback()
        show_problems(None, error)
    else:
        db.session.commit()
        flash(_("Phrase saved."), "success")
    return redirect(url_for(".phrases"))


@bp.route("/phrases/<int:phrase_id>/delete", methods=["POST"])
@consultant_required
def remove_phrase(phrase_id: int):
    """Remove a phrase from the library."""
    phrase = db.session.get(ReviewPhrase, phrase_id)
    if phrase is None:
        raise NotFound()
    delete_phrase(phrase)
    db.session.commit()
    flash(_("Phrase removed."), "success")
    return redirect(url_for(".phrases"))
