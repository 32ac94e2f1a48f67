"""Where files live: one interface, a local-folder backend and an S3 backend.

Photos (every size), organisation logos and cached PDF reports are stored through
`Storage` (put, open, read, stat, exists, copy, touch, delete, list, sweep). Which backend
is chosen by settings (`open_storage(config, area)`); pure Python, no Flask. boto3 is
imported only when the S3 backend is used.
"""

from audit.storage.base import Storage, StoredObject, check_key, check_prefix
from audit.storage.config import (
    AREAS,
    BACKENDS,
    StorageSettingsError,
    check_settings,
    open_storage,
)
from audit.storage.local import LocalStorage
from audit.storage.picture import StoredPicture

__all__ = [
    "AREAS",
    "BACKENDS",
    "LocalStorage",
    "Storage",
    "StorageSettingsError",
    "StoredObject",
    "StoredPicture",
    "check_key",
    "check_prefix",
    "check_settings",
    "open_storage",
]
