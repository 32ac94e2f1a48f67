"""Backup and restore: one archive holding a consistent database dump and the stored files.

The dump is logical (one JSON line per row, table by table, in foreign-key order), so an
archive made on SQLite restores on PostgreSQL and back. Every table is read inside one
read-only transaction (REPEATABLE READ on PostgreSQL, SQLite's snapshot of a read
transaction), so the rows agree with each other whatever is written meanwhile. Files are
content-addressed and never change; those the rows name are copied after the rows are
read. A file deleted in between is listed in the manifest as missing, never silently lost.
Cached reports are derived data and are not backed up.
"""

from __future__ import annotations

import base64
import io
import json
import tarfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection

from audit.extensions import db
from audit.models import ActionEvidence, AudioClip, Base, Organization, Photo
from audit.photos import SIZES
from audit.services.audio import audio_storage, file_key
from audit.services.photos import photo_storage
from audit.storage import check_key

FORMAT = 1
Progress = Callable[[str], None]


class BackupError(Exception):
    """An archive that cannot be restored here (say why), or a refused restore."""


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.astimezone(UTC).isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Decimal):
        return float(value)
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        if tag == "$dt":
            return datetime.fromisoformat(raw)
        if tag == "$date":
            return date.fromisoformat(raw)
        if tag == "$b64":
            return base64.b64decode(raw)
    return value


def _schema_revision(conn: Connection) -> str | None:
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _rows(conn: Connection, table: Table) -> Iterator[bytes]:
    order = list(table.primary_key.columns) or list(table.columns)
    for row in conn.execute(select(table).order_by(*order)).mappings():
        yield json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False).encode()


def write_backup(target: Path, progress: Progress = lambda _: None) -> dict:
    """Write the archive (tar.gz) to `target` atomically; return its manifest."""
    engine = db.engine
    storage = photo_storage()
    partial = target.with_name(target.name + ".partial")
    manifest: dict[str, Any] = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat()}
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin(), tarfile.open(partial, "w:gz") as archive:
            if engine.dialect.name == "sqlite":
                # pysqlite starts no transaction for reads: ask for one, so every table is
                # read from the same snapshot (WAL keeps it while writers go on).
                conn.exec_driver_sql("BEGIN")
            manifest["schema_revision"] = _schema_revision(conn)
            manifest["dialect"] = engine.dialect.name
            counts: dict[str, int] = {}
            for table in _tables():
                lines = list(_rows(conn, table))
                counts[table.name] = len(lines)
                _add_bytes(archive, f"db/{table.name}.jsonl", b"\n".join(lines))
                progress(f"{table.name}: {len(lines)} row(s)")
            manifest["rows"] = counts
            digests = set(conn.execute(select(Photo.sha256)).scalars())
            digests |= set(conn.execute(select(ActionEvidence.sha256)).scalars())
            digests |= set(
                conn.execute(
                    select(Organization.logo_sha256).where(Organization.logo_sha256.is_not(None))
                ).scalars()
            )
            copied, missing = 0, []
            for sha256 in sorted(digests):
                for size in SIZES:
                    try:
                        with storage.open(sha256, size) as handle:
                            data = handle.read()
                    except (FileNotFoundError, ValueError):
                        missing.append(f"{sha256}/{size}")
                        continue
                    _add_bytes(archive, f"files/{sha256}/{size}.jpg", data)
                    copied += 1
            recordings = conn.execute(select(AudioClip.sha256, AudioClip.container).distinct())
            for sha256, container in sorted(recordings):
                key = file_key(sha256, container)
                try:
                    _add_bytes(archive, key, audio_storage().read(key))
                except FileNotFoundError:
                    missing.append(key)
                    continue
                copied += 1
            manifest["files"] = {"copied": copied, "missing": missing}
            progress(f"files: {copied} copied, {len(missing)} missing")
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    partial.replace(target)
    return manifest


def _database_is_empty(conn: Connection) -> bool:
    from audit.models import User

    return conn.execute(select(func.count()).select_from(User.__table__)).scalar() == 0


def read_manifest(archive: tarfile.TarFile) -> dict:
    """The archive's manifest; BackupError when it is not one of our archives."""
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        member = None
    if member is None:
        raise BackupError("not a backup archive of this platform (no manifest.json)")
    manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"archive format {manifest.get('format')} is not {FORMAT}")
    return manifest


def restore_backup(source: Path, *, force: bool = False, progress: Progress = lambda _: None):
    """Replace the database rows and stored files with the archive's, in one transaction.

    The schema must be at the archive's revision (upgrade first); a database that already
    has users is refused unless `force`, so a restore never overwrites data by mistake.
    Files are written before the rows commit; a failed restore leaves unused files only,
    which `sweep-files` removes.
    """
    with _open_archive(source) as archive:
        manifest = read_manifest(archive)
        engine = db.engine
        with engine.begin() as conn:
            revision = _schema_revision(conn)
            if revision != manifest["schema_revision"]:
                raise BackupError(
                    f"the archive is at schema {manifest['schema_revision']}, this database at "
                    f"{revision}: run `flask --app audit db upgrade` (or use a matching release)"
                )
            if not force and not _database_is_empty(conn):
                raise BackupError("the database already has data; --force replaces all of it")
            storage = photo_storage()
            for member in archive.getmembers():
                if member.isfile() and member.name.startswith("files/"):
                    sha256, _, name = member.name.removeprefix("files/").partition("/")
                    storage.save(
                        sha256, name.removesuffix(".jpg"), archive.extractfile(member).read()
                    )
                elif member.isfile() and member.name.startswith("audio/"):
                    audio_storage().put(check_key(member.name), archive.extractfile(member).read())
            for table in reversed(_tables()):
                conn.execute(table.delete())
            for table in _tables():
                member = archive.extractfile(f"db/{table.name}.jsonl")
                lines = [line for line in member.read().splitlines() if line] if member else []
                rows = [{k: _decode(v) for k, v in json.loads(line).items()} for line in lines]
                if rows:
                    conn.execute(table.insert(), rows)
                progress(f"{table.name}: {len(rows)} row(s)")
            if engine.dialect.name == "postgresql":
                _reset_sequences(conn)
    return manifest


def _open_archive(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"cannot read {source}: {error}") from error


def _reset_sequences(conn: Connection) -> None:
    """After inserting explicit ids, move each id sequence past the largest id."""
    for table in _tables():
        if "id" in table.columns and table.columns["id"].autoincrement is not False:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
