"""One declaration per API endpoint: who may call it, what it reads, what it answers.

`@endpoint(...)` sits under the route decorator. From it the view gets its input already
parsed (`query=`, `body=` models arrive as keyword arguments), its answer is serialised
through the declared response model, and `openapi.py` writes the operation into the
document (docs/howto-add-api-endpoint.md shows a whole endpoint).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Response, jsonify, request
from flask_babel import gettext as _
from flask_login import login_required
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticError

from audit.services.errors import BadRequest, ServiceError, ValidationFailed
from audit.web.access import role_required
from audit.web.api.problems import problems_of

ROLES = ("consultant", "auditor", "client")
SIGNED_IN = ROLES


class UnsupportedMediaType(ServiceError):
    """The body is not of a type this endpoint reads (415)."""

    status = 415
    code = "unsupported_media_type"


@dataclass(frozen=True)
class Media:
    """A non-JSON body or answer (a PDF, CSV, image, YAML, multipart form).

    As a body: a multipart form's fields are parsed into `model`; any other body reaches
    the view as bytes (`text`: as UTF-8 text), refused when empty (400, unless
    `allow_empty`) or, when `accept` is given, sent as another Content-Type (415).
    """

    types: tuple[str, ...]
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "string"})
    model: type[BaseModel] | None = None
    accept: tuple[str, ...] | None = None
    text: bool = False
    allow_empty: bool = False

    def read(self) -> bytes | str:
        """The request's body as declared."""
        names = " or ".join(self.types)
        if self.accept is not None and request.mimetype not in self.accept:
            raise UnsupportedMediaType(_("Send the body as %(types)s.", types=names))
        data = request.get_data(cache=False)
        if not data and not self.allow_empty:
            raise BadRequest(_("Send the body as %(types)s.", types=names))
        if not self.text:
            return data
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest(_("The body must be UTF-8 text.")) from None


def binary(*types: str) -> Media:
    """Bytes of these media types."""
    return Media(types, {"type": "string", "contentMediaType": types[0], "format": "binary"})


@dataclass(frozen=True)
class Operation:
    """What `@endpoint` declared, read back by the document builder."""

    summary: str
    tag: str
    responses: dict[int, Any]
    roles: tuple[str, ...] | None  # None: no sign-in needed
    who: str
    body: type[BaseModel] | Media | None
    query: type[BaseModel] | None
    errors: tuple[int, ...]
    body_required: bool = True
    bad_body_status: int = 422
    description: str = ""
    headers: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def statuses(self) -> set[int]:
        """Every status the operation may answer."""
        return {*self.responses, *self.errors}


_ADAPTERS: dict[int, TypeAdapter] = {}


def _adapter(model: Any) -> TypeAdapter:
    """One validator per declared type (building one compiles its schema: not per request)."""
    adapter = _ADAPTERS.get(id(model))
    if adapter is None:
        adapter = _ADAPTERS[id(model)] = TypeAdapter(model)
    return adapter


def parse_query(model: type[BaseModel], args: Mapping[str, str]) -> BaseModel:
    """Query arguments as `model`; anything it cannot read is a 400 naming the argument."""
    try:
        return model.model_validate(dict(args))
    except PydanticError as error:
        raise BadRequest(_("Some query arguments are not valid."), problems_of(error)) from None


def parse_json(model: Any, required: bool = True, bad_status: int = 422) -> Any:
    """The JSON body as `model`: not JSON / not an object is a 400, a bad field a 422
    (or `bad_status`)."""
    data = request.get_json(silent=True) if required or request.get_data() else {}
    if data is None:
        raise BadRequest(_("The body must be JSON (Content-Type: application/json)."))
    if not isinstance(data, dict):
        raise BadRequest(_("The JSON body must be an object."))
    try:
        return _adapter(model).validate_python(data)
    except PydanticError as error:
        problem = ValidationFailed if bad_status == 422 else BadRequest
        raise problem(_("Some fields are not valid."), problems_of(error)) from None


def parse_form(model: type[BaseModel]) -> BaseModel:
    """A multipart form's text fields as `model` (its files stay in request.files)."""
    data: dict[str, Any] = request.form.to_dict()
    data.update({name: upload for name, upload in request.files.items()})
    try:
        return model.model_validate(data)
    except PydanticError as error:
        raise ValidationFailed(_("Some fields are not valid."), problems_of(error)) from None


def _answer(op: Operation, result: Any) -> Any:
    """The view's result as a response: models go through the declared response model."""
    if isinstance(result, Response):
        return result
    status, headers = None, None
    if isinstance(result, tuple):
        result, status, *rest = result
        headers = rest[0] if rest else None
    if status is None:
        status = min(s for s in op.responses if s < 300)
    model = op.responses[status]
    if model is None:
        return Response(status=status, headers=headers)
    if not isinstance(result, BaseModel) or type(result) is not model:
        result = _adapter(model).validate_python(result, from_attributes=True)
    body = _adapter(model).dump_python(result, mode="json", by_alias=True)
    response = jsonify(body)
    response.status_code = status
    if headers:
        response.headers.update(headers)
    return response


def _who(roles: tuple[str, ...] | None) -> str:
    if roles is None:
        return "anyone"
    if roles == ROLES:
        return "anyone signed in (scoped)"
    return ", ".join(roles)


def endpoint(
    *,
    summary: str,
    tag: str,
    responses: dict[int, Any],
    roles: tuple[str, ...] | None = SIGNED_IN,
    who: str = "",
    body: Any = None,
    query: type[BaseModel] | None = None,
    errors: tuple[int, ...] = (),
    body_required: bool = True,
    bad_body_status: int = 422,
    description: str = "",
    headers: dict[int, dict[str, str]] | None = None,
) -> Callable[[Callable], Callable]:
    """Declare an API endpoint (see the module's docstring); place it under `@bp.<method>`.

    `body` is a model of the JSON body (optional when not `body_required`; a field it
    refuses is a 422, or `bad_body_status`), or a `Media` for other bodies.

    `responses` maps each success status to its model (`None`: no body; a `Media`: a file).
    `roles` may call it (None: anyone, signed in or not); the statuses every endpoint of the
    kind may answer (400 for a bad query or body, 401/403, 404 for a missing record, 422)
    are added to `errors` by the document builder.
    """
    op = Operation(
        summary=summary,
        tag=tag,
        responses=responses,
        roles=roles,
        who=who or _who(roles),
        body=body,
        query=query,
        errors=errors,
        body_required=body_required,
        bad_body_status=bad_body_status,
        description=description,
        headers=headers or {},
    )

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def parsed(*args: Any, **kwargs: Any) -> Any:
            if query is not None:
                kwargs["query"] = parse_query(query, request.args)
            if isinstance(body, Media):
                kwargs["body"] = parse_form(body.model) if body.model else body.read()
            elif body is not None and not isinstance(body, Media):
                kwargs["body"] = parse_json(body, body_required, bad_body_status)
            return _answer(op, view(*args, **kwargs))

        guarded = parsed
        if roles is not None:
            guarded = login_required(parsed) if roles == ROLES else role_required(*roles)(parsed)
        guarded.api_operation = op  # type: ignore[attr-defined]
        return guarded

    return decorate
