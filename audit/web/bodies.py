"""Request bodies the app cannot read are a 400 saying so, never a 500."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _

from audit.services.errors import BadRequest

# NUL (PostgreSQL refuses it in text) and lone surrogates (no encoding can store them).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text}")
    return value


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing what Python's parser takes but JSON columns cannot store."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse; NaN, Infinity, 1e999 and nesting past the recursion limit are ValueError."""
        kwargs.setdefault("parse_constant", _no_constant)
        kwargs.setdefault("parse_float", _finite)
        try:
            data = super().loads(s, **kwargs)
        except RecursionError:
            # Not a ValueError: `get_json(silent=True)` let it through as a 500.
            raise ValueError("JSON nested too deeply") from None
        if any(UNSTORABLE.search(text) for text in _strings(data)):
            raise ValueError("text with NUL characters or lone surrogates")
        return data


def _no_nul_in_fields() -> None:
    """A NUL character in a query or form field is a 400 naming it (PostgreSQL refuses it)."""
    fields = [request.args]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        fields.append(request.form)
    for multidict in fields:
        for name, value in multidict.items(multi=True):
            # A multipart part whose name the browser could not encode arrives as None.
            name, value = name or "", value or ""
            if "\x00" in name or "\x00" in value:
                raise BadRequest(
                    _("`%(name)s` contains a NUL character.", name=name.replace("\x00", "")),
                    [{"field": name.replace("\x00", ""), "message": _("no NUL characters")}],
                )


def _page_json_is_form_like() -> None:
    """Pages read JSON only as form fields: an object of text values, else a 400."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith("/api/"):
        return
    if not request.is_json:
        return
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        # Flask-WTF feeds a JSON body to the form as its fields; anything else broke it.
        raise BadRequest(_("Pages take form fields: a JSON object of text values."))


def init_app(app: Flask) -> None:
    """Install the JSON parser and the checks of fields and of JSON sent to pages."""
    app.json = JSONProvider(app)
    app.before_request(_no_nul_in_fields)
    app.before_request(_page_json_is_form_like)
