"""Helpers for the auditor's tests: multipart photo uploads (images come from tests.images)."""

from __future__ import annotations

import io


def upload(api_client, audit_id: int, data: bytes, touchpoint="greeting", **form):
    """POST a photo through the API as multipart."""
    fields = {
        "file": (io.BytesIO(data), form.pop("filename", "photo.jpg")),
        "touchpoint": touchpoint,
    }
    fields.update(form)
    return api_client.post(
        f"/audits/{audit_id}/photos", data=fields, content_type="multipart/form-data"
    )
