"""What the consultant's views share: service problems on forms, list arguments."""

from __future__ import annotations

from flask import flash, request
from flask_wtf import FlaskForm

from audit.services.errors import ServiceError
from audit.services.listing import ListArgs, ListSpec


def show_problems(
    form: FlaskForm | None, error: ServiceError, fields: dict[str, str] | None = None
) -> None:
    """Put each problem under its form field; flash the message and any left over.

    `fields` names the form field of a service field the form spells otherwise.
    """
    flash(error.message, "error")
    for problem in error.details:
        name = (fields or {}).get(problem.get("field"), problem.get("field"))
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
