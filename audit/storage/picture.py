"""A stored image as a PDF embeds it: read from its file, or from its bytes."""

from __future__ import annotations

from pathlib import Path

from audit.storage.base import Storage


class StoredPicture:
    """An image in storage, with the version it had when the report's data was read.

    The version goes into the report cache's fingerprint (a replaced or restored file
    makes a new report); None means the object was missing then.
    """

    __slots__ = ("key", "storage", "version")

    def __init__(self, storage: Storage, key: str, version: str | None) -> None:
        self.storage, self.key, self.version = storage, key, version

    @classmethod
    def of(cls, storage: Storage, key: str) -> StoredPicture:
        """The picture at `key`, its version read now (one stat or HEAD)."""
        found = storage.stat(key)
        return cls(storage, key, found.version if found else None)

    @property
    def available(self) -> bool:
        """Whether the object was stored when the picture was made."""
        return self.version is not None

    def fingerprint(self) -> list[str | None]:
        """What identifies these bytes for the report cache."""
        return [self.key, self.version]

    def local_path(self) -> Path | None:
        """The file, when the storage is a local folder (reportlab then reads it itself)."""
        return self.storage.local_path(self.key)

    def read(self) -> bytes:
        """The image's bytes; FileNotFoundError when missing."""
        return self.storage.read(self.key)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StoredPicture):
            return NotImplemented
        return (self.storage, self.key, self.version) == (other.storage, other.key, other.version)

    def __hash__(self) -> int:
        return hash((self.key, self.version))

    def __repr__(self) -> str:
        return f"StoredPicture({self.key!r}, version={self.version!r})"
