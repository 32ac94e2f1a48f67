"""GET /api-reference: the API's OpenAPI document as a page people can browse.

Rendered on the server from the same document as `GET /api/v1/openapi.json` (no script,
no CDN, the app's own CSS), so it works under the Content-Security-Policy and offline.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, render_template
from markupsafe import Markup, escape

from audit.api_reference import METHODS, schema_text
from audit.web.api.openapi import openapi_document

bp = Blueprint("reference", __name__)
LINK = re.compile(r"\[([^\]]+)\]\(#([\w-]+)\)")
CODE = re.compile(r"`([^`]+)`")


def schema_html(schema: dict[str, Any] | None) -> Markup:
    """A schema in a few words, with links to the named schemas (as in api-reference.md)."""
    text = str(escape(schema_text(schema)))
    text = LINK.sub(r'<a href="#\2">\1</a>', text)
    return Markup(CODE.sub(r"<code>\1</code>", text))


def inline_code(text: str) -> Markup:
    """Backticks as <code>, everything else escaped."""
    return Markup(CODE.sub(r"<code>\1</code>", str(escape(text))))


def _groups(doc: dict[str, Any]) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """Operations by tag, in path order."""
    groups: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for path, item in sorted(doc["paths"].items()):
        for method in METHODS:
            if method in item:
                op = item[method]
                groups.setdefault(op["tags"][0], []).append((method.upper(), path, op))
    return dict(sorted(groups.items()))


@bp.get("/api-reference")
def api_reference():
    """Every operation and schema of the API (no sign-in needed, like the document)."""
    doc = openapi_document()
    return render_template(
        "reference/api.html",
        doc=doc,
        base=doc["servers"][0]["url"],
        groups=_groups(doc),
        schemas=doc["components"]["schemas"],
        schema_html=schema_html,
        inline_code=inline_code,
    )
