"""A JSON API client for tests: a real token, real HTTP through the test client."""

from __future__ import annotations

from typing import Any

from flask import has_app_context

from audit.extensions import db


class ApiClient:
    """Calls /api/v1 with the user's Bearer token (or anonymously when user is None)."""

    def __init__(self, client, app, user=None) -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        if user is not None:
            from audit.services.accounts import issue_api_token

            if has_app_context():
                # Issue it in the test's session (committed), not a second one beside it.
                token = issue_api_token(db.session.merge(user))
                db.session.commit()
            else:
                with app.app_context():
                    token = issue_api_token(db.session.merge(user))
                    db.session.commit()
            self.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method: str, path: str, **kwargs: Any):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open("/api/v1" + path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any):
        return self._call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any):
        return self._call("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any):
        return self._call("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any):
        return self._call("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any):
        return self._call("DELETE", path, **kwargs)
