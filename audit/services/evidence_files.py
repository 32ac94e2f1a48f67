"""What photos and recordings share as an audit's evidence files: retries, counts, refusals.

Each kind keeps what is its own (how its file is checked and stored, its row's columns, the
wording of its limits); the steps around that live here, so both answer a retry, a full
touchpoint, a refused file, a full disk and a delete the same way.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import func, select

from audit.extensions import db
from audit.models import AudioClip, Audit, Photo, User
from audit.scoring import Touchpoint
from audit.services.errors import InsufficientStorage, ServiceError, ValidationFailed
from audit.services.limits import CAPTION_MAX
from audit.services.workflow import lock_audit, record_event, start_audit

# A full disk or an exhausted quota: the upload cannot be stored, whatever it is.
NO_ROOM = (errno.ENOSPC, errno.EDQUOT)

Evidence = TypeVar("Evidence", Photo, AudioClip)


class PhotoTooLarge(ServiceError):
    """The upload has more bytes than its kind allows (PHOTO_MAX_BYTES, AUDIO_MAX_BYTES): 413."""

    status = 413
    code = "too_large"


def clean_client_uid(client_uid: str | None) -> str | None:
    """The device's id for an upload as stored: trimmed, at most 64 characters, or None."""
    return (client_uid or "").strip()[:64] or None


def find_by_client_uid(
    model: type[Evidence], audit: Audit, client_uid: str | None
) -> Evidence | None:
    """The row an earlier try of the same offline upload already stored, if any."""
    if not client_uid:
        return None
    return db.session.scalar(
        select(model).where(model.audit_id == audit.id, model.client_uid == client_uid)
    )


def count_at(model: type[Evidence], audit: Audit, tp: Touchpoint) -> int:
    """How many rows of this kind the touchpoint has now (counted afresh, never cached)."""
    return db.session.scalar(
        select(func.count()).where(model.audit_id == audit.id, model.touchpoint_key == tp.key)
    )


def clean_caption(caption: object) -> str:
    """A caption as stored: text, trimmed, at most CAPTION_MAX characters (else 422)."""
    if caption is None:
        caption = ""
    if not isinstance(caption, str):
        raise ValidationFailed(
            _("The caption must be text."),
            [{"field": "caption", "message": _("must be a string")}],
        )
    caption = caption.strip()
    if len(caption) > CAPTION_MAX:
        raise ValidationFailed(
            _("The caption is too long."),
            [{"field": "caption", "message": _("at most %(n)d characters", n=CAPTION_MAX)}],
        )
    return caption


def refusal(code: str, reason: str, message: str) -> ServiceError:
    """The error for a file its checks refused: 413 when too large, else 422 on `file`."""
    problem = [{"field": "file", "message": reason, "code": code}]
    if code == "too_large":
        return PhotoTooLarge(message, problem)
    return ValidationFailed(message, problem)


def no_room(message: str) -> InsufficientStorage:
    """The 507 for a file the server had no room to store (`message` names the kind)."""
    return InsufficientStorage(
        message,
        [{"field": "file", "message": _("no space left on the server"), "code": "no_space"}],
    )


def attach(
    audit: Audit,
    auditor: User,
    model: type[Evidence],
    tp: Touchpoint,
    check_room: Callable[[Audit, Touchpoint], None],
    *,
    criterion: str | None,
    caption: str,
    client_uid: str | None,
    **columns: Any,
) -> tuple[Evidence, bool]:
    """Add a `model` row for a stored file at `tp`, with the kind's own `columns`.

    Returns (row, created). Two tries of one offline upload may arrive at once: the second
    waits for the first to commit at the lock, then finds its row (created False). The
    room is checked again under the lock: another upload may have filled the touchpoint.
    The row is made only then, since a new row joins the session through its audit.
    """
    lock_audit(audit)
    if (earlier := find_by_client_uid(model, audit, client_uid)) is not None:
        return earlier, False
    check_room(audit, tp)
    start_audit(audit, auditor)
    row = model(
        audit=audit,
        touchpoint_key=tp.key,
        criterion_key=criterion,
        caption=caption,
        client_uid=client_uid,
        uploaded_by_id=auditor.id,
        **columns,
    )
    db.session.add(row)
    db.session.flush()
    return row, True


def remove(audit: Audit, auditor: User, row: Evidence, rows: list[Evidence], kind: str) -> None:
    """Delete an evidence row before submitting; the event (`<kind>_deleted`) says what it was."""
    record_event(
        audit,
        auditor,
        f"{kind}_deleted",
        data={kind: row.id, "touchpoint": row.touchpoint_key, "caption": row.caption},
    )
    rows.remove(row)
    db.session.delete(row)
    db.session.flush()
