"""Evidence photos of an audit: add (ingest + row), delete, and where the files live."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, select

from audit.extensions import db
from audit.models import ActionEvidence, Audit, Organization, Photo, User
from audit.photos import IngestedPhoto, PhotoRejected, ingest_photo
from audit.photos.exif import parse_exif_text
from audit.scoring import Touchpoint
from audit.services import evidence_files as files
from audit.services.duplicates import photo_hash_columns
from audit.services.errors import Conflict, ValidationFailed
from audit.services.evidence import evidence_target, photo_kind
from audit.services.evidence_files import NO_ROOM, clean_caption
from audit.services.problem_text import photo_refusal
from audit.services.storage import photo_storage, report_cache
from audit.services.workflow import record_event, require_own_editable


def _check_room(audit: Audit, tp: Touchpoint) -> None:
    """Conflict (409) when the touchpoint already has its `photos.max`, counted afresh."""
    have = files.count_at(Photo, audit, tp)
    if have >= tp.photos_max:
        raise Conflict(
            _(
                "%(touchpoint)s already has %(n)d photo(s), the most allowed; delete one first.",
                touchpoint=tp.name,
                n=have,
            ),
            [{"field": "touchpoint", "message": _("at most %(n)d photo(s)", n=tp.photos_max)}],
        )


def ingest_upload(data: bytes) -> IngestedPhoto:
    """Check, orient, strip and store an uploaded picture in photo storage (its sizes).

    413 past PHOTO_MAX_BYTES, 422 for anything that is not a complete JPEG, PNG or WebP,
    507 when the disk is full (files written before the failure belong to no row).
    """
    config = current_app.config
    try:
        return ingest_photo(
            data,
            photo_storage(),
            max_bytes=config["PHOTO_MAX_BYTES"],
            max_pixels=config["PHOTO_MAX_PIXELS"],
        )
    except PhotoRejected as error:
        reason = photo_refusal(error)
        message = _("The photo was refused: %(reason)s.", reason=reason)
        raise files.refusal(error.code, reason, message) from None
    except OSError as error:
        if error.errno not in NO_ROOM:
            raise
        # Files written before the failing one are used by no row: sweep-files removes them.
        # Stored photos are untouched (each file is replaced only once fully written).
        raise files.no_room(
            _(
                "The server has no room left to store photos; the photo was not saved. "
                "Keep it on the device and try again later (your answers are saved)."
            )
        ) from None


def stored_image(ingested: IngestedPhoto) -> dict[str, Any]:
    """The `StoredImage` columns of an ingested picture."""
    return {
        "sha256": ingested.sha256,
        "content_type": ingested.content_type,
        "width": ingested.width,
        "height": ingested.height,
        "byte_size": ingested.byte_size,
        "taken_at": ingested.taken_at,
    }


def add_photo(
    audit: Audit,
    auditor: User,
    data: bytes,
    *,
    touchpoint: str,
    caption: str = "",
    client_uid: str | None = None,
    taken_at: datetime | None = None,
    exif_taken_at: str | None = None,
    criterion: str | None = None,
    kind: str | None = None,
) -> tuple[Photo, bool]:
    """Ingest and attach a photo to a touchpoint; returns (photo, created).

    A retry carrying a `client_uid` already stored answers the stored photo (created is
    False), so an outbox that lost the first answer never stores a photo twice. The
    touchpoint's `photos.max` is a Conflict (409): the request is fine, the audit is full.
    `taken_at` (the device's file time) is used only when the file has no EXIF capture time,
    as happens when the browser downscaled it through a canvas; `exif_taken_at` is the
    file's EXIF DateTimeOriginal as the page read it before downscaling (the file's own
    EXIF wins when it still has one). Both feed the integrity checks. `criterion` (a
    question of the touchpoint) shows the photo beside it; `kind` is `general` or `receipt`.
    """
    require_own_editable(audit, auditor)
    client_uid = files.clean_client_uid(client_uid)
    if (earlier := files.find_by_client_uid(Photo, audit, client_uid)) is not None:
        return earlier, False
    tp, criterion = evidence_target(audit.checklist_version.definition, touchpoint, criterion)
    kind = photo_kind(kind)
    caption = clean_caption(caption)
    sent_exif_time = parse_exif_text(exif_taken_at) if exif_taken_at else None
    if exif_taken_at and sent_exif_time is None:
        raise ValidationFailed(
            _("The photo's capture time could not be read."),
            [
                {
                    "field": "exif_taken_at",
                    "message": _("a time like 2025:03:13 10:30:00, optionally +04:00"),
                }
            ],
        )
    _check_room(audit, tp)
    ingested = ingest_upload(data)
    return files.attach(
        audit,
        auditor,
        Photo,
        tp,
        _check_room,
        criterion=criterion,
        caption=caption,
        client_uid=client_uid,
        kind=kind,
        **(stored_image(ingested) | {"taken_at": ingested.taken_at or taken_at}),
        exif_taken_at=_iso(ingested.taken_at or sent_exif_time),
        **photo_hash_columns(ingested.phash),
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def set_caption(audit: Audit, auditor: User, photo: Photo, caption: object) -> Photo:
    """Change a photo's caption while its audit can still change (an empty one removes it)."""
    require_own_editable(audit, auditor)
    caption = clean_caption(caption)
    if caption != photo.caption:
        record_event(
            audit,
            auditor,
            "photo_captioned",
            data={"photo": photo.id, "from": photo.caption, "to": caption},
        )
        photo.caption = caption
        db.session.flush()
    return photo


def delete_photo(audit: Audit, auditor: User, photo: Photo) -> str:
    """Remove a photo row before submitting; returns its sha256 for `purge_files` after commit."""
    require_own_editable(audit, auditor)
    sha256 = photo.sha256
    files.remove(audit, auditor, photo, audit.photos, "photo")
    return sha256


def _in_use(sha256: str) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(Photo.sha256 == sha256)
                | exists().where(Organization.logo_sha256 == sha256)
                | exists().where(ActionEvidence.sha256 == sha256)
            )
        )
    )


def purge_files(sha256: str) -> bool:
    """Delete the stored files of `sha256` unless a photo, a logo or action evidence uses them.

    Called after the commit, so a rolled-back delete never loses the files it kept.
    """
    if _in_use(sha256):
        return False
    photo_storage().delete(sha256)
    return True


# Files are written before the row that names them is committed; a process killed between
# the two (or a failed commit) leaves files no row uses. Anything younger than this may
# still be waiting for its commit, so the sweep leaves it alone.
ORPHAN_GRACE_SECONDS = 3600


def sweep_orphan_files(older_than: float = ORPHAN_GRACE_SECONDS) -> list[str]:
    """Delete stored files no photo or logo uses (and stale temporary files); return them.

    Temporary files of killed report writes go too (the reports are derived data).
    """
    report_cache().sweep(older_than)
    storage = photo_storage()
    removed = [sha for sha in list(storage.sweep(older_than)) if not _in_use(sha)]
    for sha256 in removed:
        storage.delete(sha256)
    return removed
