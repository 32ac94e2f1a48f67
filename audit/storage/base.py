"""The storage interface every backend follows, and the checks on keys they share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

# A key is a relative path of plain names: no '..', no hidden or temporary names, so a key
# never escapes its root and never names a write under way.
_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")
TEMP_SUFFIX = ".tmp"


def check_key(key: str) -> str:
    """Return `key` if it is a relative path of plain names, else raise ValueError."""
    if not isinstance(key, str) or not key or len(key) > 512:
        raise ValueError(f"not a storage key: {key!r}")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment) or segment.endswith(TEMP_SUFFIX):
            raise ValueError(f"not a storage key: {key!r}")
    return key


def check_prefix(prefix: str) -> str:
    """Return `prefix` ('' or a key ending in '/') if valid, else raise ValueError."""
    if prefix and not (prefix.endswith("/") and check_key(prefix[:-1])):
        raise ValueError(f"not a storage prefix: {prefix!r}")
    return prefix


@dataclass(frozen=True)
class StoredObject:
    """What a backend knows of a stored object without reading it."""

    key: str
    size: int
    modified: float  # seconds since the epoch: last written, or last used (touch)
    version: str  # changes whenever the bytes may have: size and mtime, or the S3 ETag


@runtime_checkable
class Storage(Protocol):
    """Named blobs under keys like `ab/abcd/thumb.jpg`; every write is atomic."""

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`, replacing it whole: readers see the old or the new."""

    def open(self, key: str) -> BinaryIO:
        """Open the object for reading (a stream); FileNotFoundError when missing."""

    def read(self, key: str) -> bytes:
        """The object's bytes; FileNotFoundError when missing."""

    def stat(self, key: str) -> StoredObject | None:
        """Size, time and version of the object; None when missing."""

    def exists(self, key: str) -> bool:
        """Tell whether the object is stored."""

    def copy(self, source: str, key: str) -> None:
        """Store the bytes of `source` under `key` too (without sending them again)."""

    def touch(self, key: str) -> None:
        """Mark the object as used now (its `modified`); a missing object is not an error."""

    def delete(self, key: str) -> None:
        """Remove the object; a missing object is not an error."""

    def delete_prefix(self, prefix: str) -> None:
        """Remove every object whose key starts with `prefix` (a folder, ending in '/')."""

    def list(self, prefix: str = "") -> Iterator[StoredObject]:
        """Every stored object under `prefix`; writes under way are never listed."""

    def sweep_temporary(self, older_than: float) -> int:
        """Remove what killed writes left behind, once older than `older_than` seconds."""

    def local_path(self, key: str) -> Path | None:
        """The object's file when the backend is a local folder, else None."""
