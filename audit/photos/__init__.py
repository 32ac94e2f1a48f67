"""Evidence photos: ingest (validate by content, orient, strip metadata, derive sizes), storage.

Pure Python with Pillow; no Flask. Views call `ingest_photo(data, storage)` and keep the
returned `IngestedPhoto` fields on the Photo row; files are read back by sha256 and size.
"""

from audit.photos.errors import PhotoRejected
from audit.photos.ingest import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PIXELS,
    IngestedPhoto,
    ingest_photo,
)
from audit.photos.renditions import SIZES
from audit.photos.sniff import sniff_content_type
from audit.photos.storage import (
    FilesystemPhotoStorage,
    PhotoStorage,
    StoredPhotos,
    photo_key,
    photos_in,
    validate_sha256,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "SIZES",
    "FilesystemPhotoStorage",
    "IngestedPhoto",
    "PhotoRejected",
    "PhotoStorage",
    "StoredPhotos",
    "ingest_photo",
    "photo_key",
    "photos_in",
    "sniff_content_type",
    "validate_sha256",
]
