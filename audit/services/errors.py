"""Errors services raise; the web layer turns them into status codes and messages."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the errors a user can fix; `code` is the API's machine-readable code."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, details: list | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class InvalidState(ServiceError):
    """The record is in the wrong state for this action (409)."""

    status = 409
    code = "invalid_state"


class ValidationFailed(ServiceError):
    """Input broke a rule; `details` lists each problem (422)."""

    status = 422
    code = "validation_failed"


class NotAllowed(ServiceError):
    """Signed in but not allowed to do this (403)."""

    status = 403
    code = "forbidden"


class Conflict(ServiceError):
    """Would duplicate something unique (409)."""

    status = 409
    code = "conflict"


class BadRequest(ServiceError):
    """Malformed request: an argument or body that cannot be understood (400)."""

    status = 400
    code = "bad_request"


class InsufficientStorage(ServiceError):
    """The server has no room left to store the upload (507); nothing was stored."""

    status = 507
    code = "insufficient_storage"
