"""Pictures a report embeds: a local file, or a stored image read through its storage."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Protocol, runtime_checkable

from reportlab.lib.utils import ImageReader


@runtime_checkable
class PictureSource(Protocol):
    """A stored image (see `audit.storage.StoredPicture`): no file on object storage."""

    def fingerprint(self) -> object:
        """What identifies its bytes, for the report cache."""

    def local_path(self) -> Path | None:
        """Its file when there is one (reportlab reads and embeds a JPEG as is)."""

    def read(self) -> bytes:
        """Its bytes; FileNotFoundError when missing."""


#: What ReportPhoto.path and ReportBranding.logo_path hold.
Picture = Path | PictureSource


def drawable(picture: Picture) -> str | ImageReader:
    """What canvas.drawImage takes for `picture`; FileNotFoundError when it is missing."""
    path = picture.local_path() if isinstance(picture, PictureSource) else Path(picture)
    if path is None:
        return ImageReader(io.BytesIO(picture.read()))  # type: ignore[union-attr]
    if not path.is_file():
        raise FileNotFoundError(path)
    return str(path)
