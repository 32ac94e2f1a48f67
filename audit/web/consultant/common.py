"""What the consultant's views share: service problems on forms, list arguments, images."""

from __future__ import annotations

from flask import Response, flash, request, send_file
from flask_wtf import FlaskForm
from werkzeug.exceptions import NotFound

from audit.services.errors import ServiceError
from audit.services.listing import ListArgs, ListSpec
from audit.services.photos import photo_storage


def show_problems(form: FlaskForm | None, error: ServiceError) -> None:
    """Put each problem under its form field; flash the message and any left over."""
    flash(error.message, "error")
    for problem in error.details:
        name = problem.get("field")
        field = form._fields.get(name) if form is not None and name else None
        if field is not None:
            field.errors = [*field.errors, problem["message"]]
        else:
            flash(problem["message"], "error")


def list_args(spec: ListSpec) -> ListArgs:
    """This request's search, sort and flags for a list; each ignored argument is flashed."""
    chosen = spec.parse(request.args)
    for problem in chosen.problems:
        flash(problem["message"], "warning")
    return chosen


def send_stored_jpeg(sha256: str, size: str) -> Response:
    """One stored size of a photo or logo as JPEG; 404 when its file is not there."""
    path = photo_storage().path(sha256, size)
    if not path.is_file():
        raise NotFound()
    return send_file(path, mimetype="image/jpeg")
