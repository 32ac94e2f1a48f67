"""Audio evidence: list, upload (POST), fetch and delete an audit's recordings.

Scoped like photos: whoever may read the audit may list and play its recordings; only
its auditor adds or removes them while the audit can change.
"""

from __future__ import annotations

from typing import Annotated, Any

from flask_babel import gettext as _
from pydantic import BeforeValidator, Field, WithJsonSchema

from audit.extensions import db
from audit.scoping import get_audio_or_404, get_audit_or_404
from audit.services import limits
from audit.services.audio import add_audio, audio_key, audio_storage, delete_audio, purge_audio
from audit.services.workflow import require_own_editable
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import Media, binary, endpoint
from audit.web.api.photos import AUDITOR_STEP, CACHE_CONTROL, uploaded_file
from audit.web.api.records import AudioList, AudioOut
from audit.web.api.schemas import Schema, text
from audit.web.downloads import as_download
from audit.web.stored_files import send_stored

Recording = Annotated[
    Any,
    BeforeValidator(uploaded_file),
    WithJsonSchema(
        {"type": "string", "format": "binary", "description": "WebM, Ogg, MP4/M4A, MP3 or WAV"}
    ),
]


class AudioForm(Schema):
    """The multipart form of a recording's upload."""

    file: Recording
    touchpoint: str = Field("", description="the touchpoint's key (optional with `criterion`)")
    criterion: str | None = Field(None, description="the question it is evidence of")
    caption: Annotated[str, text(limits.CAPTION_MAX)] = ""
    client_uid: str | None = Field(None, description="the device's id for this upload (retries)")


class PlayQuery(Schema):
    """How to answer the file."""

    download: str | None = Field(None, description="1: as an attachment")


@bp.get("/audits/<int:audit_id>/audio")
@endpoint(
    summary="The audit's recordings",
    tag="auditing",
    who="scoped",
    responses={200: AudioList},
)
def list_audio(audit_id: int):
    """The audit's recordings, in the order they were added."""
    audit = get_audit_or_404(audit_id, me())
    items = [AudioOut.of(clip) for clip in audit.audio_clips]
    return AudioList(items=items, total=len(items))


@bp.post("/audits/<int:audit_id>/audio")
@endpoint(
    summary="Attach a recording (multipart `file`, `touchpoint`, `criterion?`, `caption?`)",
    body=Media(("multipart/form-data",), model=AudioForm),
    responses={200: AudioOut, 201: AudioOut},
    description="The touchpoint's checklist must ask for `audio` and the organisation allow "
    "recordings (else 409 `recordings_forbidden`). 201 for a new recording; 200 for a retry "
    "of a stored `client_uid`. Refused: 413 over AUDIO_MAX_BYTES, 422 not audio (checked by "
    "content), too long, or a touchpoint without audio.",
    **{**AUDITOR_STEP, "errors": (403, 409, 413, 507)},
)
def upload_audio(audit_id: int, body: AudioForm):
    """Attach a recording to a touchpoint of the auditor's own editable audit."""
    audit = get_audit_or_404(audit_id, me())
    require_own_editable(audit, me())
    clip, created = add_audio(
        audit,
        me(),
        body.file.read(),
        touchpoint=body.touchpoint,
        criterion=body.criterion,
        caption=body.caption,
        client_uid=body.client_uid,
    )
    db.session.commit()
    return AudioOut.of(clip), 201 if created else 200


@bp.get("/audits/<int:audit_id>/audio/<int:audio_id>")
@endpoint(
    summary="A recording's file (ranges allowed; `?download=1` as an attachment)",
    tag="auditing",
    who="scoped",
    query=PlayQuery,
    responses={200: binary("audio/webm"), 206: None, 304: None},
)
def get_audio(audit_id: int, audio_id: int, query: PlayQuery):
    """The recording's file as stored, cached privately for a year."""
    audit = get_audit_or_404(audit_id, me())
    clip = get_audio_or_404(audit, audio_id)
    response = send_stored(
        audio_storage(),
        audio_key(clip),
        mimetype=clip.content_type,
        etag=clip.sha256,
        cache_control=CACHE_CONTROL,
        missing=_("The recording's file is missing from storage."),
    )
    if query.download == "1":
        as_download(response, f"audit-{audit.id}-audio-{clip.id}.{clip.container}")
    return response


@bp.delete("/audits/<int:audit_id>/audio/<int:audio_id>")
@endpoint(summary="Remove a recording before submitting", responses={204: None}, **AUDITOR_STEP)
def remove_audio(audit_id: int, audio_id: int):
    """Delete a recording of the auditor's own editable audit."""
    audit = get_audit_or_404(audit_id, me())
    clip = get_audio_or_404(audit, audio_id)
    key = delete_audio(audit, me(), clip)
    db.session.commit()
    purge_audio(key)
    return None, 204
