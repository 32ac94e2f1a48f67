"""docs/api-reference.md, rendered from the API's OpenAPI document and nothing else.

The renderer reads only the document (as served at GET /api/v1/openapi.json), never the
views, so it keeps working whatever code serves the API. `make docs` (that is,
`flask --app audit api-docs`) rewrites the file; tests/test_docs.py fails when the
committed file differs from what the document gives.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask

DOCUMENT_URL = "/api/v1/openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")
HEADER = (
    "<!-- Generated from the OpenAPI document (GET /api/v1/openapi.json) by `make docs`.\n"
    "     Do not edit by hand: change the document, then run `make docs`. -->\n"
)


def fetch_document(app: Flask) -> dict[str, Any]:
    """The OpenAPI document as the app serves it to anyone."""
    response = app.test_client().get(DOCUMENT_URL)
    if response.status_code != 200:
        raise RuntimeError(f"GET {DOCUMENT_URL} answered {response.status_code}")
    return response.get_json()


def _anchor(*parts: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def _schema_link(ref: str) -> str:
    name = ref.rsplit("/", 1)[-1]
    return f"[{name}](#{_anchor('schema', name)})"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def schema_text(schema: dict[str, Any] | None) -> str:
    """A schema in a few words: `string (date) or null`, `array of [Photo](#...)`, `{a, b?}`."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return _schema_link(schema["$ref"])
    if "allOf" in schema:
        return " + ".join(schema_text(part) for part in schema["allOf"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(schema_text(part) for part in schema[key])
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        return " or ".join(schema_text({**schema, "type": k}) for k in kind)
    if "const" in schema:
        text = f"`{schema['const']}`"
    elif "enum" in schema:
        # A plain pipe: table cells escape it once (_cell); prose shows it as it is.
        text = " | ".join(f"`{value}`" for value in schema["enum"])
    elif kind == "array":
        text = f"array of {schema_text(schema.get('items'))}" if schema.get("items") else "array"
    elif kind == "object" and schema.get("properties"):
        required = set(schema.get("required", []))
        fields = [
            f"{name}{'' if name in required else '?'}: {schema_text(prop)}"
            for name, prop in sorted(schema["properties"].items())
        ]
        text = "{" + ", ".join(fields) + "}"
    elif kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        text = f"object of {schema_text(schema['additionalProperties'])}"
    else:
        text = kind + (f" ({schema['format']})" if "format" in schema else "")
    return text + (" or null" if schema.get("nullable") else "")


def _content_text(content: dict[str, Any] | None) -> str:
    if not content:
        return ""
    return "; ".join(
        f"`{media}`: {schema_text(body.get('schema'))}" for media, body in content.items()
    )


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) sorted by path, then in METHODS order."""
    return [
        (method.upper(), path, item[method])
        for path, item in sorted(doc.get("paths", {}).items())
        for method in METHODS
        if method in item
    ]


def _who(operation: dict[str, Any]) -> str:
    who = operation.get("description", "").removeprefix("Who: ")
    return who.split(". ", 1)[0].rstrip(".")


def _operation(method: str, path: str, op: dict[str, Any], base: str) -> list[str]:
    lines = [f'<a id="{_anchor(method, path)}"></a>', f"### {method} {base}{path}", ""]
    lines.append(op.get("summary", ""))
    lines.append("")
    facts = [op.get("description", "")]
    if op.get("security") == []:
        facts.append("No sign-in needed.")
    lines += [" ".join(f for f in facts if f), ""]
    params = op.get("parameters", [])
    if params:
        lines += ["| parameter | in | type | required | description |", "|---|---|---|---|---|"]
        for p in params:
            lines.append(
                f"| `{p['name']}` | {p['in']} | {_cell(schema_text(p.get('schema')))} | "
                f"{'yes' if p.get('required') else 'no'} | {_cell(p.get('description', ''))} |"
            )
        lines.append("")
    body = op.get("requestBody")
    if body:
        required = "required" if body.get("required") else "optional"
        lines += [f"Request body ({required}): {_content_text(body.get('content'))}", ""]
    lines += ["| status | meaning | body |", "|---|---|---|"]
    for status, response in sorted(op.get("responses", {}).items()):
        lines.append(
            f"| {status} | {_cell(response.get('description', ''))} | "
            f"{_cell(_content_text(response.get('content')))} |"
        )
    return [*lines, ""]


def _schema(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f'<a id="{_anchor("schema", name)}"></a>', f"### {name}", ""]
    parts = schema.get("allOf", [schema])
    objects = [p for p in parts if "properties" in p]
    others = [p for p in parts if "properties" not in p]
    if others:
        lines += [f"All the fields of {' and '.join(schema_text(p) for p in others)}, and:", ""]
    for part in objects:
        required = set(part.get("required", []))
        lines += ["| field | type | required | description |", "|---|---|---|---|"]
        for field, prop in sorted(part["properties"].items()):
            lines.append(
                f"| `{field}` | {_cell(schema_text(prop))} | "
                f"{'yes' if field in required else 'no'} | {_cell(prop.get('description', ''))} |"
            )
        lines.append("")
    if not objects:
        lines += [schema_text(schema), ""]
    for example in schema.get("examples", []):
        lines += ["Example:", "", "```json", json.dumps(example, indent=2), "```", ""]
    return lines


def render(doc: dict[str, Any]) -> str:
    """The Markdown reference of an OpenAPI 3 document: every operation, then every schema."""
    info = doc.get("info", {})
    base = (doc.get("servers") or [{"url": ""}])[0]["url"].rstrip("/")
    operations = _operations(doc)
    lines = [
        f"# {info.get('title', 'API')} reference (version {info.get('version', '?')})",
        "",
        HEADER,
        "A guide with examples is in [api.md](api.md). " + info.get("description", ""),
        "",
        "| method | path | summary | who |",
        "|---|---|---|---|",
    ]
    for method, path, op in operations:
        link = f"[`{base}{path}`](#{_anchor(method, path)})"
        lines.append(f"| {method} | {link} | {_cell(op.get('summary', ''))} | {_cell(_who(op))} |")
    lines += ["", "## Operations", ""]
    for method, path, op in operations:
        lines += _operation(method, path, op, base)
    lines += ["## Schemas", ""]
    for name, schema in sorted(doc.get("components", {}).get("schemas", {}).items()):
        lines += _schema(name, schema)
    return "\n".join(lines).rstrip("\n") + "\n"
