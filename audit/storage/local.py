"""The local-folder backend: files under a root, written to a temporary name then renamed."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from audit.storage.base import TEMP_SUFFIX, StoredObject, check_key, check_prefix


class LocalStorage:
    """Objects as files under `root` (outside the web root); keys are relative paths."""

    def __init__(self, root: str | os.PathLike[str], *, fsync: bool = True) -> None:
        self.root = Path(root)
        self.fsync = fsync

    def path(self, key: str) -> Path:
        """Where the object of `key` is (or would be) stored."""
        return self.root / check_key(key)

    local_path = path

    def put(self, key: str, data: bytes) -> None:
        """Write a temporary file in the same folder, then os.replace it into place."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.stem}.", suffix=TEMP_SUFFIX
        )
        try:
            with os.fdopen(fd, "wb") as temp:
                temp.write(data)
                temp.flush()
                if self.fsync:
                    os.fsync(temp.fileno())
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise

    def open(self, key: str) -> BinaryIO:
        """Open the file for binary reading."""
        return self.path(key).open("rb")

    def read(self, key: str) -> bytes:
        """The file's bytes."""
        return self.path(key).read_bytes()

    def stat(self, key: str) -> StoredObject | None:
        """Size and mtime of the file; None when it is not a file."""
        path = self.path(key)
        try:
            info = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return _entry(key, info) if path.is_file() else None

    def exists(self, key: str) -> bool:
        """Tell whether the file is there."""
        return self.path(key).is_file()

    def copy(self, source: str, key: str) -> None:
        """Store `key` as a hard link to `source` (one write, one fsync), else a copy.

        The link is made under a temporary name and renamed, so `key` is replaced whole; a
        later put() of either name replaces only that name.
        """
        source_path, target = self.path(source), self.path(key)
        temp = target.with_name(f".{target.stem}.{uuid.uuid4().hex}{TEMP_SUFFIX}")
        try:
            os.link(source_path, temp)
        except FileNotFoundError:
            raise
        except OSError:  # no hard links on this filesystem
            self.put(key, source_path.read_bytes())
            return
        try:
            os.replace(temp, target)
        finally:
            # rename() does nothing when both names already are the same file.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)

    def touch(self, key: str) -> None:
        """Set the file's mtime to now (a use, for least-recently-used pruning)."""
        with contextlib.suppress(FileNotFoundError):
            os.utime(self.path(key))

    def delete(self, key: str) -> None:
        """Remove the file and the folders it leaves empty."""
        path = self.path(key)
        path.unlink(missing_ok=True)
        self._drop_empty_parents(path.parent)

    def delete_prefix(self, prefix: str) -> None:
        """Remove the folder `prefix` and the folders it leaves empty."""
        if not check_prefix(prefix):
            raise ValueError("refusing to delete the whole storage")
        folder = self.root / prefix
        shutil.rmtree(folder, ignore_errors=True)
        self._drop_empty_parents(folder.parent)

    def list(self, prefix: str = "") -> Iterator[StoredObject]:
        """Every finished file under `prefix` (hidden and temporary files are not objects)."""
        start = self.root / check_prefix(prefix)
        for folder, dirs, files in os.walk(start):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.startswith(".") or name.endswith(TEMP_SUFFIX):
                    continue
                path = Path(folder, name)
                with contextlib.suppress(FileNotFoundError):
                    yield _entry(path.relative_to(self.root).as_posix(), path.stat())

    def sweep_temporary(self, older_than: float) -> int:
        """Delete `*.tmp` files (writes killed before their rename) older than `older_than`."""
        cutoff, removed = time.time() - older_than, 0
        for path in self.root.rglob(f"*{TEMP_SUFFIX}"):
            with contextlib.suppress(FileNotFoundError):
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
        return removed

    def _drop_empty_parents(self, folder: Path) -> None:
        while folder != self.root and self.root in folder.parents:
            try:
                folder.rmdir()
            except OSError:  # not empty, or already gone
                return
            folder = folder.parent


def _entry(key: str, info: os.stat_result) -> StoredObject:
    return StoredObject(
        key=key,
        size=info.st_size,
        modified=info.st_mtime,
        version=f"{info.st_size}-{info.st_mtime_ns}",
    )
