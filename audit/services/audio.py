"""Audio evidence of an audit (phone and chat shops): add, delete, and where the files live.

A touchpoint takes recordings only when its checklist asks (`audio:`), and only while the
client organisation allows recordings. Files are recognised by their content
(`audit.audio`), stored once per content under `audio/` of the photos' storage.
"""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import exists, select

from audit.audio import AudioInfo, AudioRejected, inspect_audio
from audit.extensions import db
from audit.models import AudioClip, Audit, User
from audit.scoring import Touchpoint
from audit.services import evidence_files as files
from audit.services.errors import Conflict, ServiceError, ValidationFailed
from audit.services.evidence import evidence_target
from audit.services.evidence_files import NO_ROOM, clean_caption
from audit.services.storage import storage_for
from audit.services.workflow import require_own_editable
from audit.storage import Storage

_FILE_KEY = re.compile(r"audio/([0-9a-f]{2})/([0-9a-f]{64})\.[a-z0-9]{1,8}")


class RecordingsForbidden(ServiceError):
    """The client organisation does not allow recordings (409: the request is fine)."""

    status = 409
    code = "recordings_forbidden"


def audio_storage() -> Storage:
    """Recordings live beside the photos (same folder or bucket prefix), under `audio/`."""
    return storage_for("photos")


def file_key(sha256: str, container: str) -> str:
    """The storage key of a recording: content-addressed, with its container's extension."""
    return f"audio/{sha256[:2]}/{sha256}.{container}"


def audio_key(clip: AudioClip) -> str:
    """The storage key of a clip's file."""
    return file_key(clip.sha256, clip.container)


def _store(key: str, data: bytes) -> None:
    """Write the file once per content; a full disk is a 507 and nothing is kept."""
    storage = audio_storage()
    try:
        if storage.exists(key):
            # Renewed, so a sweep never takes a file whose new row is still committing.
            storage.touch(key)
        else:
            storage.put(key, data)
    except OSError as error:
        if error.errno not in NO_ROOM:
            raise
        raise files.no_room(
            _("The server has no room left to store recordings; the recording was not saved.")
        ) from None


def recordings_allowed(audit: Audit) -> bool:
    """Whether the audit's organisation lets auditors upload recordings."""
    return audit.organization.allow_recordings


def _check_allowed(audit: Audit) -> None:
    if not recordings_allowed(audit):
        raise RecordingsForbidden(
            _(
                "%(client)s does not allow recordings; the audio was not saved.",
                client=audit.organization.name,
            ),
            [{"field": "file", "message": _("recordings are not allowed for this client")}],
        )


def _check_room(audit: Audit, tp: Touchpoint) -> None:
    """422 when the touchpoint asks for no audio; 409 when it has its most already."""
    if not tp.audio_max:
        raise ValidationFailed(
            _("%(touchpoint)s does not ask for recordings.", touchpoint=tp.name),
            [{"field": "touchpoint", "message": _("no audio for this touchpoint")}],
        )
    if files.count_at(AudioClip, audit, tp) >= tp.audio_max:
        raise Conflict(
            _(
                "%(touchpoint)s already has the most recordings allowed; delete one first.",
                touchpoint=tp.name,
            ),
            [{"field": "touchpoint", "message": _("at most %(n)d recording(s)", n=tp.audio_max)}],
        )


def rejection_message(error: AudioRejected) -> str:
    """The reader's words for why a file was refused as audio."""
    p = error.params
    if error.code == "too_large":
        size = f"{p['size'] / 2**20:.1f}"
        limit = f"{p['limit'] / 2**20:.1f}".removesuffix(".0")
        return _("the file is %(size)s MB; the limit is %(limit)s MB", size=size, limit=limit)
    if error.code == "too_long":
        return ngettext(
            "the recording lasts %(seconds)d s; this touchpoint takes at most %(num)d second",
            "the recording lasts %(seconds)d s; this touchpoint takes at most %(num)d seconds",
            p["limit"],
            seconds=p["seconds"],
        )
    messages = {
        "empty": _("the file is empty"),
        "not_audio": _("not a WebM, Ogg, MP4/M4A, MP3 or WAV recording"),
        "corrupt": _("the recording is truncated or corrupt"),
        "no_duration": _("the recording has no length"),
    }
    return messages.get(error.code, error.code)


def stored_audio(info: AudioInfo, sha256: str, byte_size: int) -> dict[str, Any]:
    """The file columns of a recording (like `stored_image` for a photo)."""
    return {
        "sha256": sha256,
        "container": info.container,
        "content_type": info.content_type,
        "duration_ms": round(info.duration * 1000),
        "byte_size": byte_size,
    }


def add_audio(
    audit: Audit,
    auditor: User,
    data: bytes,
    *,
    touchpoint: str | None,
    criterion: str | None = None,
    caption: str = "",
    client_uid: str | None = None,
) -> tuple[AudioClip, bool]:
    """Check, store and attach a recording; returns (clip, created) like `add_photo`.

    Refused: recordings forbidden by the organisation (409), a touchpoint without `audio`
    (422), one at its `audio.max` (409), more bytes than AUDIO_MAX_BYTES (413), anything
    that is not a complete audio container or lasts longer than `audio.max_seconds` (422).
    """
    require_own_editable(audit, auditor)
    _check_allowed(audit)
    client_uid = files.clean_client_uid(client_uid)
    if (earlier := files.find_by_client_uid(AudioClip, audit, client_uid)) is not None:
        return earlier, False
    tp, criterion = evidence_target(audit.checklist_version.definition, touchpoint, criterion)
    caption = clean_caption(caption)
    _check_room(audit, tp)
    try:
        info = inspect_audio(
            data,
            max_bytes=current_app.config["AUDIO_MAX_BYTES"],
            max_seconds=tp.audio_max_seconds,
        )
    except AudioRejected as error:
        reason = rejection_message(error)
        message = _("The recording was refused: %(reason)s.", reason=reason)
        raise files.refusal(error.code, reason, message) from None
    sha256 = hashlib.sha256(data).hexdigest()
    _store(file_key(sha256, info.container), data)
    return files.attach(
        audit,
        auditor,
        AudioClip,
        tp,
        _check_room,
        criterion=criterion,
        caption=caption,
        client_uid=client_uid,
        **stored_audio(info, sha256, len(data)),
    )


def delete_audio(audit: Audit, auditor: User, clip: AudioClip) -> str:
    """Remove a recording before submitting; returns its key for `purge_audio` after commit."""
    require_own_editable(audit, auditor)
    key = audio_key(clip)
    files.remove(audit, auditor, clip, audit.audio_clips, "audio")
    return key


def _in_use(sha256: str) -> bool:
    """Whether a recording (of any audit) has this content."""
    return bool(db.session.scalar(select(exists().where(AudioClip.sha256 == sha256))))


def purge_audio(key: str) -> bool:
    """Delete a recording's file unless another clip has the same content (after commit)."""
    if _in_use(key.rsplit("/", 1)[-1].split(".", 1)[0]):
        return False
    audio_storage().delete(key)
    return True


def sweep_orphan_recordings(older_than: float) -> list[str]:
    """Delete recording files no clip uses, last written more than `older_than` seconds ago
    (a younger one's row may still be committing); return their keys."""
    storage, cutoff = audio_storage(), time.time() - older_than
    stale = [
        (entry.key, match[2])
        for entry in storage.list("audio/")
        if (match := _FILE_KEY.fullmatch(entry.key))
        and match[2].startswith(match[1])
        and entry.modified < cutoff
    ]
    removed = [key for key, sha256 in stale if not _in_use(sha256)]
    for key in removed:
        storage.delete(key)
    return removed
