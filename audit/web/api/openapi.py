"""GET /openapi.json: the OpenAPI 3.1 document, built from the endpoints' declarations.

Nothing here describes an endpoint: each path comes from the URL map, each operation from
its view's `@endpoint(...)` declaration and each schema from the pydantic models it names
(their JSON Schema is 2020-12, the dialect of OpenAPI 3.1). A view of the API blueprint
without a declaration stops the document from being built.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

from flask import Flask, jsonify
from pydantic import BaseModel, TypeAdapter
from werkzeug.routing import Rule

from audit.services import limits
from audit.web.api import bp
from audit.web.api.declare import ROLES, Media, Operation, endpoint
from audit.web.api.schemas import Error

REF = "#/components/schemas/{model}"
METHODS = ("get", "put", "post", "patch", "delete")
STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted: a background job; poll its `url` (also the Location header)",
    204: "No content",
    304: "Not modified (ETag matches)",
    400: "Malformed request, body or query argument",
    401: "Not signed in",
    403: "Signed in but not allowed",
    404: "Not found (also another organisation's record)",
    409: "Wrong state for this action, or a duplicate",
    413: "Too large",
    415: "Unsupported Content-Type",
    422: "Validation failed; details list each problem",
    503: "Background jobs are unavailable right now",
    507: "No room left to store the upload; nothing was stored, try again later",
}
# What a path parameter is, by its name in the URL rule.
PATH_PARAMS = {
    "audit_id": "audit id",
    "photo_id": "photo id",
    "slug": "organisation slug (or id); checklist id (slug) under /checklists",
    "job_id": "job id",
    "phrase_id": "review phrase id",
}
DESCRIPTION = (
    "JSON in and out. Authenticate with POST /auth/token, then send `Authorization: Bearer "
    "TOKEN` (a browser session cookie works too, with the X-CSRFToken header on writes). "
    "Lists answer {items, total, page, per_page}. Errors answer {error: {code, message, "
    "details}}. A browsable version of this document is served at /api-reference."
)


def _path(rule: Rule) -> str:
    """`/audits/{audit_id}` from `/api/v1/audits/<int:audit_id>`."""
    path = rule.rule[len(bp.url_prefix) :]
    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"{\1}", path)


def _path_parameters(rule: Rule) -> list[dict[str, Any]]:
    """Ids (`<int:...>`) are 1 to 2**31-1; other path parts are text."""
    params = []
    for name in re.findall(r"<(?:[^:<>]+:)?(\w+)>", rule.rule):
        is_id = rule._converters[name].__class__.__name__ == "IdConverter"
        schema = (
            {"type": "integer", "minimum": 1, "maximum": limits.ID_MAX}
            if is_id
            else {"type": "string", "minLength": 1}
        )
        params.append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": schema,
                "description": PATH_PARAMS.get(name, ""),
            }
        )
    return params


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query argument is absent rather than null: drop the `null` branch."""
    branches = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(branches) == 1:
        extra = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
        return {**branches[0], **extra}
    return schema


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """One optional query parameter per field of the query model."""
    schema = model.model_json_schema(by_alias=True, ref_template=REF)
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema.get("properties", {}).items():
        prop = _without_null({k: v for k, v in prop.items() if k != "title"})
        params.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": prop.pop("description", ""),
                "schema": prop,
            }
        )
    return params


class _Schemas:
    """Collects the models named by every operation; one `$defs` pass gives them all."""

    def __init__(self) -> None:
        self.wanted: list[tuple[Any, str, TypeAdapter]] = []

    def ref(self, model: Any, mode: str) -> tuple[Any, str]:
        """A key to fetch the model's schema with once `resolve` ran."""
        key = (id(model), mode)
        if key not in {(id(m), md) for m, md, _ in self.wanted}:
            self.wanted.append((model, mode, TypeAdapter(model)))
        return key

    def resolve(self) -> tuple[dict[Any, dict], dict[str, dict]]:
        """(schema by key, component schemas)."""
        inputs = [(id(m), mode, adapter) for m, mode, adapter in self.wanted]
        by_key, defs = TypeAdapter.json_schemas(inputs, ref_template=REF)
        return by_key, defs.get("$defs", {})


def _json(schema: Any) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _media(media: Media, schema: Any = None) -> dict[str, Any]:
    return {kind: {"schema": schema or media.schema} for kind in media.types}


def _error_statuses(op: Operation, rule: Rule) -> set[int]:
    """The statuses any endpoint of this kind may answer, besides its own."""
    statuses = set(op.errors)
    if op.query is not None or op.body is not None:
        statuses.add(400)
    if (op.body is not None and not isinstance(op.body, Media)) or getattr(op.body, "model", None):
        statuses.add(422)
    if op.body is not None:
        statuses.add(413)
    if op.roles is not None:
        statuses.add(401)
        if op.roles != ROLES:
            statuses.add(403)
    if rule.arguments:
        statuses.add(404)
    return statuses


def _operation(op: Operation, rule: Rule, method: str, schemas: _Schemas) -> dict[str, Any]:
    """The operation object, with `("ref", key)` placeholders for models."""
    out: dict[str, Any] = {
        "operationId": rule.endpoint.removeprefix("api.") + "_" + method,
        "summary": op.summary,
        "description": f"Who: {op.who}." + (f" {op.description}" if op.description else ""),
        "tags": [op.tag],
    }
    if op.roles is None:
        out["security"] = []
    params = _path_parameters(rule) + (_query_parameters(op.query) if op.query else [])
    if params:
        out["parameters"] = params
    if isinstance(op.body, Media):
        body_schema = ("ref", schemas.ref(op.body.model, "validation")) if op.body.model else None
        out["requestBody"] = {"required": True, "content": _media(op.body, body_schema)}
    elif op.body is not None:
        out["requestBody"] = {
            "required": op.body_required,
            "content": _json(("ref", schemas.ref(op.body, "validation"))),
        }
    responses: dict[str, Any] = {}
    for status in sorted(op.responses):
        kind = op.responses[status]
        entry: dict[str, Any] = {"description": STATUS_TEXT.get(status, "")}
        if isinstance(kind, Media):
            entry["content"] = _media(kind)
        elif kind is not None:
            entry["content"] = _json(("ref", schemas.ref(kind, "serialization")))
        if status in op.headers:
            entry["headers"] = {
                name: {"description": text, "schema": {"type": "string"}}
                for name, text in op.headers[status].items()
            }
        responses[str(status)] = entry
    error = ("ref", schemas.ref(Error, "serialization"))
    for status in sorted(_error_statuses(op, rule) - set(op.responses)):
        responses[str(status)] = {
            "description": STATUS_TEXT.get(status, ""),
            "content": _json(error),
        }
    out["responses"] = responses
    return out


def _fill(node: Any, by_key: dict[Any, dict], names: dict[str, str]) -> Any:
    """Replace the `("ref", key)` placeholders with the models' schemas, and rename refs."""
    if isinstance(node, tuple) and node[:1] == ("ref",):
        node = by_key[node[1]]
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            name = node["$ref"].rsplit("/", 1)[1]
            return {**node, "$ref": REF.format(model=names.get(name, name))}
        return {k: _fill(v, by_key, names) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, by_key, names) for v in node]
    return node


def _public_name(name: str) -> str:
    """`Organization` for `OrganizationOut`, `PageOfAudit` for `Page_AuditSummary_`."""
    page = re.fullmatch(r"Page_(\w+?)_", name)
    if page:
        return "PageOf" + _public_name(page.group(1))
    return name.removesuffix("Out")


def declared_operations(app: Flask) -> list[tuple[Rule, str, Operation]]:
    """(rule, method, declaration) of every API route; a route without one is an error."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith(bp.name + "."):
            continue
        op = getattr(app.view_functions[rule.endpoint], "api_operation", None)
        if op is None:
            raise LookupError(
                f"{rule.endpoint} has no @endpoint declaration (docs/howto-add-api-endpoint.md)"
            )
        for method in METHODS:
            if method.upper() in rule.methods:
                found.append((rule, method, op))
    return found


def _api_routes() -> Flask:
    """A bare app holding only the API blueprint: the document never depends on settings."""
    from audit.web.converters import IdConverter

    shadow = Flask("audit.openapi")
    shadow.url_map.converters["int"] = IdConverter
    shadow.register_blueprint(bp)
    return shadow


@cache
def _document() -> dict[str, Any]:
    app = _api_routes()
    schemas = _Schemas()
    paths: dict[str, dict[str, Any]] = {}
    for rule, method, op in declared_operations(app):
        paths.setdefault(_path(rule), {})[method] = _operation(op, rule, method, schemas)
    by_key, components = schemas.resolve()
    names = {name: _public_name(name) for name in components}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Touchpoint Audit API", "version": "1", "description": DESCRIPTION},
        "servers": [{"url": bp.url_prefix}],
        "security": [{"bearer": []}],
        "tags": [
            {"name": name} for name in sorted({op.tag for _, _, op in declared_operations(app)})
        ],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                names[name]: _fill(schema, by_key, names)
                for name, schema in sorted(components.items(), key=lambda kv: names[kv[0]])
            },
        },
        "paths": _fill(paths, by_key, names),
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of API v1 (built once, then copied)."""
    return copy.deepcopy(_document())


class Document(BaseModel):
    """An OpenAPI 3.1 document."""

    model_config = {"extra": "allow", "json_schema_extra": {"examples": [{"openapi": "3.1.0"}]}}
    openapi: str


@bp.get("/openapi.json")
@endpoint(summary="This document", tag="meta", roles=None, responses={200: Document})
def openapi_json():
    """The OpenAPI 3.1 document of this API (no sign-in needed)."""
    return jsonify(openapi_document())
