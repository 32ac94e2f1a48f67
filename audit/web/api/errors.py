"""The API's error shape: {"error": {"code", "message", "details"}} (docs/api.md)."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.http import HTTP_STATUS_CODES

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "invalid_state",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "too_many_requests",
    500: "internal_error",
}


def http_error_code(status: int) -> str:
    """Machine-readable code for an HTTP status."""
    return CODES.get(status, HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_"))


def error_response(status: int, code: str, message: str | None, details: Any = None):
    """A JSON error answer."""
    body = {
        "error": {
            "code": code,
            "message": message or HTTP_STATUS_CODES.get(status, "Error"),
            "details": details if details is not None else [],
        }
    }
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="audit"'
    return response
