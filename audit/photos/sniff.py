"""Content type detection from the leading bytes, never from names or declared types."""

from __future__ import annotations

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sniff_content_type(data: bytes) -> str | None:
    """Return the MIME type of a JPEG, PNG or WebP by its magic bytes, else None."""
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data[:8] == _PNG_SIGNATURE:
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None
