"""Ingest an uploaded evidence photo: validate, orient, strip metadata, derive sizes, store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from audit.integrity.phash import perceptual_hash
from audit.photos.decode import decode, decode_slot, open_checked
from audit.photos.errors import MIB, PhotoRejected
from audit.photos.renditions import SIZES, plan_sizes, render_sizes
from audit.photos.sniff import sniff_content_type
from audit.photos.storage import PhotoStorage, store_same

DEFAULT_MAX_BYTES = 20 * MIB
DEFAULT_MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class IngestedPhoto:
    """What the database keeps about a stored photo; width/height are the stored original's."""

    sha256: str
    content_type: str
    width: int
    height: int
    taken_at: datetime | None
    byte_size: int
    # 64-bit perceptual hash of the upright picture (audit.integrity.phash), for duplicates.
    phash: int | None = None
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)


def ingest_photo(
    data: bytes,
    storage: PhotoStorage,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> IngestedPhoto:
    """Validate `data` by content, store its upright, metadata-free sizes, and describe it.

    Raises PhotoRejected (with a user-facing message and a `code`) for an empty, oversized,
    unsupported, too-many-pixels, truncated or corrupt upload. The photo is named by the
    sha256 of the uploaded bytes, so an identical upload is decoded (which validates it)
    but not stored again.
    """
    if len(data) > max_bytes:
        raise PhotoRejected.too_large(len(data), max_bytes)
    if not data:
        raise PhotoRejected.empty()
    content_type = sniff_content_type(data)
    if content_type is None:
        raise PhotoRejected.unsupported_type()
    image = open_checked(data, content_type, max_pixels)
    sha256 = hashlib.sha256(data).hexdigest()
    renditions = []
    with decode_slot():
        # The display size is the largest one that must not be upscaled from the decode.
        decoded = decode(image, SIZES["display"])
        taken_at, plan = decoded.taken_at, plan_sizes(decoded.upright_size)
        phash = perceptual_hash(decoded.image, decoded.transpose)
        if not all(storage.exists(sha256, name) for name in plan):
            renditions = render_sizes(decoded.image, plan, decoded.transpose)
        del decoded, image
    # Smallest first, so a complete "original" marks a complete set. Sizes with the same
    # dimensions (the display as decoded, a small image) are one file.
    for rendition in reversed(renditions):
        first, *same = reversed(rendition.names)
        storage.save(sha256, first, rendition.jpeg)
        for name in same:
            store_same(storage, sha256, name, first, rendition.jpeg)
    width, height = plan["original"]
    return IngestedPhoto(
        sha256=sha256,
        content_type=content_type,
        width=width,
        height=height,
        taken_at=taken_at,
        byte_size=len(data),
        phash=phash,
        sizes=plan,
    )
