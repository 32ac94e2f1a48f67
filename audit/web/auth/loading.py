"""How Flask-Login finds the user: session cookie, or a Bearer token for the API."""

from __future__ import annotations

from flask import Flask, Request, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, user_loaded_from_cookie

from audit.models import User
from audit.services.accounts import user_for_api_token
from audit.services.sessions import user_for_session


def bearer_token(req: Request) -> str | None:
    """The token of an `Authorization: Bearer ...` header, if any."""
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


@user_loaded_from_cookie.connect
def bind_session(app: Flask, user: User) -> None:
    """Give a session born from the remember cookie this client's identifier, as a sign-in
    does: without it "strong" protection wipes it (and the remember cookie) on the very next
    request, so "keep me signed in" lasted one request."""
    session["_id"] = app.login_manager._session_identifier_generator()  # type: ignore[attr-defined]


def init_login(login_manager: LoginManager) -> None:
    """Wire the loaders and the not-signed-in answer."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_token: str) -> User | None:
        # The cookies carry a server-side session's token (User.get_id), not the user id.
        return user_for_session(session_token)

    @login_manager.request_loader
    def load_user_from_request(req: Request) -> User | None:
        token = bearer_token(req)
        user = user_for_api_token(token) if token else None
        # Only a request that really signed in with a token may skip the CSRF check.
        g.signed_in_by_token = user is not None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.path.startswith("/api/"):
            from audit.web.api.errors import error_response

            message = _l("Sign in or send a valid Bearer token.")
            return error_response(401, "unauthorized", str(message))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
