"""People: create (with a one-time invitation link), disable/enable, password reset links."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import NotFound
from wtforms.fields.choices import SelectChoice

from audit.extensions import db
from audit.mail.smtp import mail_enabled
from audit.models import Organization, Role, User
from audit.scoping import get_organization_or_404
from audit.services.consultant_lists import user_listing, users_spec
from audit.services.errors import ServiceError
from audit.services.users import invite_user, password_link_url, reset_password, set_active
from audit.web.access import consultant_required, me
from audit.web.consultant import bp
from audit.web.consultant.common import list_args, show_problems
from audit.web.consultant.forms import UserForm
from audit.web.pagination import page_of

ROLE_VALUES = {r.value for r in Role}


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def _show_link_once(user: User, token: str, purpose: str) -> None:
    # The token is only ever shown on the next page: the database keeps its hash.
    session["password_link"] = {
        "user_id": user.id,
        "url": password_link_url(token),
        "purpose": purpose,
    }


@bp.route("/users")
@consultant_required
def users():
    """Everyone, filterable by role and organisation; search (`q`) and sort."""
    role = request.args.get("role", "")
    org_slug = request.args.get("organization", "")
    chosen = list_args(users_spec())
    stmt = user_listing(chosen, role if role in ROLE_VALUES else None, org_slug or None)
    organizations = list(db.session.scalars(select(Organization).order_by(Organization.name)))
    return render_template(
        "consultant/users.html",
        listing=page_of(stmt),
        listed=chosen,
        role=role,
        organization=org_slug,
        organizations=organizations,
        link=session.pop("password_link", None),
        mail_on=mail_enabled(current_app.config),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@consultant_required
def new_user():
    """Create a user and show their one-time invitation link."""
    form = UserForm()
    organizations = list(db.session.scalars(select(Organization).order_by(Organization.name)))
    form.organization.choices = [SelectChoice("", "—")] + [
        SelectChoice(o.slug, o.name) for o in organizations
    ]
    if request.method == "GET" and request.args.get("organization"):
        form.organization.data = request.args["organization"]
        form.role.data = "client"
    if form.validate_on_submit():
        org = (
            get_organization_or_404(form.organization.data, me())
            if form.organization.data
            else None
        )
        try:
            user, token = invite_user(
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                organization=org,
                invited_by=me(),
            )
        except ServiceError as error:
            show_problems(form, error)
        else:
            db.session.commit()
            _show_link_once(user, token, "invitation")
            flash(
                _("%(name)s can now set their password with the link below.", name=user.name),
                "success",
            )
            return redirect(url_for(".users"))
    status = 422 if form.errors else 200
    return render_template(
        "consultant/user_form.html", form=form, mail_on=mail_enabled(current_app.config)
    ), status


@bp.route("/users/<int:user_id>/reset", methods=["POST"])
@consultant_required
def reset_user_password(user_id: int):
    """A one-time link for the user to choose a new password."""
    user = _user_or_404(user_id)
    token = reset_password(user, me())
    db.session.commit()
    _show_link_once(user, token, "reset")
    flash(_("Give %(name)s the reset link below.", name=user.name), "success")
    return redirect(url_for(".users"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@consultant_required
def toggle_user(user_id: int):
    """Disable or re-enable a user."""
    user = _user_or_404(user_id)
    active = request.form.get("active") == "1"
    try:
        set_active(user, active, me())
    except ServiceError as error:
        show_problems(None, error)
        return redirect(url_for(".users"))
    db.session.commit()
    message = (
        _("%(name)s is enabled.", name=user.name)
        if active
        else _("%(name)s is disabled: they can no longer sign in.", name=user.name)
    )
    flash(message, "success")
    return redirect(url_for(".users"))
