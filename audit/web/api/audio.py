"""Audio evidence: list, upload (POST), fetch and delete an audit's recordings.

Scoped like photos: whoever may read the audit may list and play its recordings; only
its auditor adds or removes them while the audit can change.
"""

from __future__ import annotations

from flask_babel import gettext as _
from pydantic import Field

from audit.scoping import get_audio_or_404, get_audit_or_404
from audit.services.audio import add_audio, audio_key, audio_storage, delete_audio, purge_audio
from audit.web.access import me
from audit.web.api import bp
from audit.web.api import evidence_files as evidence
from audit.web.api.declare import Media, binary, endpoint
from audit.web.api.records import AudioList, AudioOut
from audit.web.api.schemas import Schema
from audit.web.downloads import as_download
from audit.web.stored_files import send_stored

Recording = evidence.file_field("WebM, Ogg, MP4/M4A, MP3 or WAV")


class AudioForm(evidence.EvidenceForm):
    """The multipart form of a recording's upload."""

    file: Recording


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
    **{**evidence.AUDITOR_STEP, "errors": (403, 409, 413, 507)},
)
def upload_audio(audit_id: int, body: AudioForm):
    """Attach a recording to a touchpoint of the auditor's own editable audit."""
    return evidence.add(audit_id, add_audio, body, AudioOut.of)


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
        cache_control=evidence.CACHE_CONTROL,
        missing=_("The recording's file is missing from storage."),
    )
    if query.download == "1":
        as_download(response, f"audit-{audit.id}-audio-{clip.id}.{clip.container}")
    return response


@bp.delete("/audits/<int:audit_id>/audio/<int:audio_id>")
@endpoint(
    summary="Remove a recording before submitting", responses={204: None}, **evidence.AUDITOR_STEP
)
def remove_audio(audit_id: int, audio_id: int):
    """Delete a recording of the auditor's own editable audit."""
    return evidence.remove(audit_id, audio_id, get_audio_or_404, delete_audio, purge_audio)
