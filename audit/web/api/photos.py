"""Evidence photos: upload (POST), caption (PATCH), delete (DELETE) and fetch one size (GET).

Upload errors: 413 too many bytes, 422 not a real/complete JPEG, PNG or WebP (or too many
pixels), 409 when the touchpoint already has its `photos.max`. A retried upload with the
same `client_uid` answers 200 with the photo stored the first time.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from audit.extensions import db
from audit.scoping import get_audit_or_404, get_photo_or_404
from audit.services import limits
from audit.services.photos import add_photo, delete_photo, purge_files, set_caption
from audit.services.workflow import require_own_editable
from audit.web.access import me
from audit.web.api import bp
from audit.web.api import evidence_files as evidence
from audit.web.api.declare import Media, binary, endpoint
from audit.web.api.records import PhotoOut
from audit.web.api.schemas import DeviceTime, Schema, text
from audit.web.stored_files import send_stored_jpeg

Upload = evidence.file_field("JPEG, PNG or WebP")


class PhotoForm(evidence.EvidenceForm):
    """The multipart form of an upload."""

    file: Upload
    kind: Literal["general", "receipt"] | None = Field(None, description="default general")
    taken_at: DeviceTime | None = Field(None, description="used when the file has no EXIF time")
    exif_taken_at: str | None = Field(
        None,
        description="EXIF DateTimeOriginal as the page read it before downscaling, "
        "e.g. 2025:03:13 10:30:00 (+04:00 when the camera gave an offset)",
    )


class CaptionIn(Schema):
    """A photo's new caption (empty removes it)."""

    caption: Annotated[str, text(limits.CAPTION_MAX)]


class SizeQuery(Schema):
    """Which stored size to answer."""

    size: Literal["thumb", "display", "print", "original"] = Field(
        "display", description="thumb 320 px, display, print 800 px, or the original"
    )


@bp.post("/audits/<int:audit_id>/photos")
@endpoint(
    summary="Attach a photo (multipart `file`, `touchpoint`, `criterion?`, `kind?`, `caption?`)",
    body=Media(("multipart/form-data",), model=PhotoForm),
    responses={200: PhotoOut, 201: PhotoOut},
    description="201 for a new photo; 200 for a retry of a stored `client_uid`.",
    **{**evidence.AUDITOR_STEP, "errors": (403, 409, 507)},
)
def upload_photo(audit_id: int, body: PhotoForm):
    """Attach a photo to a touchpoint of the auditor's own editable audit."""
    return evidence.add(audit_id, add_photo, body, PhotoOut.of)


@bp.patch("/audits/<int:audit_id>/photos/<int:photo_id>")
@endpoint(
    summary="Change a photo's caption `{caption}` before submitting",
    body=CaptionIn,
    responses={200: PhotoOut},
    **evidence.AUDITOR_STEP,
)
def patch_photo(audit_id: int, photo_id: int, body: CaptionIn):
    """Change a photo's caption while the audit can still change."""
    audit = get_audit_or_404(audit_id, me())
    photo = get_photo_or_404(audit, photo_id)
    require_own_editable(audit, me())
    set_caption(audit, me(), photo, body.caption)
    db.session.commit()
    return PhotoOut.of(photo)


@bp.delete("/audits/<int:audit_id>/photos/<int:photo_id>")
@endpoint(
    summary="Remove a photo before submitting", responses={204: None}, **evidence.AUDITOR_STEP
)
def remove_photo(audit_id: int, photo_id: int):
    """Delete a photo of the auditor's own editable audit."""
    return evidence.remove(audit_id, photo_id, get_photo_or_404, delete_photo, purge_files)


@bp.get("/audits/<int:audit_id>/photos/<int:photo_id>")
@endpoint(
    summary="A photo's image (`?size=thumb|display|print|original`)",
    tag="auditing",
    who="scoped",
    query=SizeQuery,
    responses={200: binary("image/jpeg"), 304: None},
)
def get_photo(audit_id: int, photo_id: int, query: SizeQuery):
    """One stored size of a photo (default display), cached privately for a year."""
    audit = get_audit_or_404(audit_id, me())
    photo = get_photo_or_404(audit, photo_id)
    return send_stored_jpeg(photo.sha256, query.size, cache_control=evidence.CACHE_CONTROL)
