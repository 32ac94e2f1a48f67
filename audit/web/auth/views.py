"""Sign in, sign out, set a password from a one-time link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from audit.extensions import db
from audit.services.accounts import authenticate, use_password_link
from audit.services.errors import ValidationFailed
from audit.services.sessions import end_session, start_session
from audit.web.auth import bp
from audit.web.auth.forms import LoginForm, SetPasswordForm
from audit.web.auth.throttle import signin_limits


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths: never redirect to another host (open redirect)."""
    if not target:
        return None
    target = target.replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@signin_limits
def login():
    """The sign-in page."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Wrong e-mail or password."), "error")
            return render_template("auth/login.html", form=form), 401
        start_session(user, request.user_agent.string)
        login_user(user, remember=form.remember.data)
        db.session.commit()
        return redirect(safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (POST with CSRF, so a link elsewhere cannot sign you out).

    The server-side session ends, so a copy of the session or remember cookie is worthless.
    """
    if current_user.is_authenticated:
        end_session(current_user.get_id())
        db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """Choose a password from an invitation or reset link."""
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            use_password_link(token, form.password.data)
        except ValidationFailed as error:
            flash(error.message, "error")
            return render_template("auth/set_password.html", form=form), 422
        db.session.commit()
        flash(_("Your password is set. Sign in with it now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form)
