"""My account: change the password, see and end signed-in devices, list and revoke tokens."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required

from audit.extensions import db
from audit.services.accounts import (
    api_tokens_of,
    change_password,
    revoke_api_token_of,
    set_language,
    token_expiry,
)
from audit.services.sessions import digest, end_other_sessions, live_sessions
from audit.web.account import bp
from audit.web.account.forms import ChangePasswordForm, LanguageForm
from audit.web.account.notifications import mail_choices
from audit.web.auth.throttle import signin_limits
from audit.web.i18n import forget_remembered_language


def _render(form: ChangePasswordForm, status: int = 200, language_form: LanguageForm | None = None):
    if language_form is None:
        language_form = LanguageForm(language=current_user.language or "")
    return render_template(
        "account/index.html",
        form=form,
        language_form=language_form,
        sessions=live_sessions(current_user),
        this_session=digest(current_user.get_id() or ""),
        tokens=[(row, token_expiry(row)) for row in api_tokens_of(current_user)],
        mail_choices=mail_choices(),
    ), status


@bp.get("")
@login_required
def index():
    """The account page."""
    return _render(ChangePasswordForm())


@bp.post("/password")
@login_required
@signin_limits
def password():
    """Change the password; every other device, token and pending link is signed out."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _render(form, 422)
    if not current_user.check_password(form.current.data):
        form.current.errors = [_("This is not your current password.")]
        return _render(form, 401)  # counted like a failed sign-in
    change_password(current_user, form.password.data, keep_session=current_user.get_id())
    db.session.commit()
    flash(
        _("Your password is changed; your other devices and API tokens are signed out."), "success"
    )
    return redirect(url_for("account.index"))


@bp.post("/language")
@login_required
def language():
    """Save my interface language; it decides from now on (a remembered ?lang= is dropped)."""
    form = LanguageForm()
    if not form.validate_on_submit():
        return _render(ChangePasswordForm(), 422, language_form=form)
    set_language(current_user, form.language.data or None)
    db.session.commit()
    forget_remembered_language()
    refresh()  # the message below is in the language just chosen
    flash(_("Language saved."), "success")
    return redirect(url_for("account.index"))


@bp.post("/sessions/end-others")
@login_required
def end_others():
    """Sign out every other device."""
    count = end_other_sessions(current_user, keep=current_user.get_id())
    db.session.commit()
    flash(_("%(n)d other device(s) signed out.", n=count), "success")
    return redirect(url_for("account.index"))


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of my API tokens."""
    revoke_api_token_of(current_user, token_id)
    db.session.commit()
    flash(_("The API token is revoked."), "success")
    return redirect(url_for("account.index"))
