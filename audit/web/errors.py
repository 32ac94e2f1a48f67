"""Error answers: product-looking pages for people, JSON for the API."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from audit.database import database_busy
from audit.extensions import db
from audit.services.errors import Conflict, ServiceError

PAGES = {403, 404, 413, 500}


def wants_json() -> bool:
    """API paths always answer JSON."""
    return request.path.startswith("/api/")


def _page(status: int, message: str | None = None):
    template = f"errors/{status}.html" if status in PAGES else "errors/generic.html"
    return render_template(template, status=status, message=message), status


def http_error_message(error: HTTPException) -> str:
    """The error's own message, or Werkzeug's stock English one said in the reader's words."""
    if error.description != type(error).description:
        return str(error.description)  # raised with a message of ours, already translated
    stock = {
        400: _("The request could not be understood."),
        401: _("Sign in first: send a bearer token or a session cookie."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The file is larger than we accept. Try a smaller one."),
        415: _("This content type is not accepted here."),
    }
    return stock.get(error.code or 500, str(error.description))


def too_many_requests():
    """429 after too many failed sign-ins: say so, and when to try again."""
    message = _(
        "Too many failed sign-ins. For your security, signing in is paused for a while; "
        "try again later or ask your consultant to reset your password."
    )
    if wants_json():
        from audit.web.api.errors import error_response

        return error_response(429, "too_many_requests", message)
    return _page(429, message)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    from audit.web.api.errors import error_response, http_error_code

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if status == 429:
            return too_many_requests()
        if wants_json():
            # Its own code: the outbox fetches a fresh token and sends again, never drops.
            code = "csrf_failed" if isinstance(error, CSRFError) else http_error_code(status)
            return error_response(status, code, http_error_message(error))
        return _page(status)

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        db.session.rollback()
        if wants_json():
            return error_response(error.status, error.code, error.message, error.details)
        return _page(error.status, error.message)

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        # Two requests raced to create the same unique thing (a slug, a version number):
        # the loser's check saw nothing yet, its INSERT broke the constraint. That is a 409.
        db.session.rollback()
        app.logger.warning("Constraint failed on %s: %s", request.path, error.orig)
        return service_error(
            Conflict(_("Someone else changed this at the same time; reload and try again."))
        )

    @app.errorhandler(OperationalError)
    def database_error(error: OperationalError):
        if not database_busy(error):
            return unexpected_error(error)
        # Waited DATABASE_LOCK_TIMEOUT for another writer, or the database is away: nothing
        # was written (rolled back); the tablet's outbox keeps the change and retries.
        try:
            db.session.rollback()
        except OperationalError:
            db.session.invalidate()
        app.logger.warning("Database busy on %s: %s", request.path, error.orig)
        message = _("The server is busy right now; nothing was saved. Try again in a moment.")
        if wants_json():
            response = error_response(503, "busy", message)
        else:
            response = app.make_response(_page(503, message))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # Roll back so a half-done change never reaches the database.
        db.session.rollback()
        if isinstance(error, HTTPException):
            return http_error(error)
        app.logger.exception("Unhandled error on %s", request.path)
        if wants_json():
            return error_response(500, "internal_error", _("Something went wrong on our side."))
        return _page(InternalServerError.code)
