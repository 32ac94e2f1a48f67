"""Evidence photos: upload (POST), caption (PATCH), delete (DELETE) and fetch one size (GET).

Upload errors: 413 too many bytes, 422 not a real/complete JPEG, PNG or WebP (or too many
pixels), 409 when the touchpoint already has its `photos.max`. A retried upload with the
same `client_uid` answers 200 with the photo stored the first time.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import login_required

from audit.extensions import db
from audit.scoping import get_audit_or_404, get_photo_or_404
from audit.services.errors import ValidationFailed
from audit.services.photos import (
    add_photo,
    delete_photo,
    purge_files,
    set_caption,
)
from audit.services.workflow import require_own_editable
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.answers import parse_edited_at
from audit.web.api.helpers import BadRequest, json_body
from audit.web.api.serializers import photo_json
from audit.web.stored_files import send_stored_jpeg

SIZES = ("thumb", "display", "print", "original")
# Files are named by content, so a URL never changes what it answers: cache for a year,
# privately (they are a client's evidence, never for shared proxies).
CACHE_CONTROL = "private, max-age=31536000, immutable"


@bp.post("/audits/<int:audit_id>/photos")
@login_required
def upload_photo(audit_id: int):
    """Attach a photo (multipart `file`, `touchpoint`, `caption?`, `client_uid?`, `taken_at?`)."""
    audit = get_audit_or_404(audit_id, me())
    require_own_editable(audit, me())
    upload = request.files.get("file")
    if upload is None:
        raise ValidationFailed(
            _("Send the photo as the multipart field `file`."),
            [{"field": "file", "message": _("required")}],
        )
    photo, created = add_photo(
        audit,
        me(),
        upload.read(),
        touchpoint=request.form.get("touchpoint", ""),
        caption=request.form.get("caption", ""),
        client_uid=request.form.get("client_uid"),
        taken_at=parse_edited_at(request.form.get("taken_at") or None),
    )
    db.session.commit()
    return jsonify(photo_json(photo)), 201 if created else 200


@bp.patch("/audits/<int:audit_id>/photos/<int:photo_id>")
@login_required
def patch_photo(audit_id: int, photo_id: int):
    """Change a photo's caption (`{"caption": "..."}`) while the audit can still change."""
    audit = get_audit_or_404(audit_id, me())
    photo = get_photo_or_404(audit, photo_id)
    require_own_editable(audit, me())
    body = json_body()
    if "caption" not in body:
        raise ValidationFailed(
            _("Send the new caption as `caption`."),
            [{"field": "caption", "message": _("required")}],
        )
    set_caption(audit, me(), photo, body["caption"])
    db.session.commit()
    return jsonify(photo_json(photo))


@bp.delete("/audits/<int:audit_id>/photos/<int:photo_id>")
@login_required
def remove_photo(audit_id: int, photo_id: int):
    """Delete a photo of the auditor's own editable audit."""
    audit = get_audit_or_404(audit_id, me())
    photo = get_photo_or_404(audit, photo_id)
    sha256 = delete_photo(audit, me(), photo)
    db.session.commit()
    purge_files(sha256)
    return "", 204


@bp.get("/audits/<int:audit_id>/photos/<int:photo_id>")
@login_required
def get_photo(audit_id: int, photo_id: int):
    """One stored size of a photo (`?size=thumb|display|print|original`, default display)."""
    audit = get_audit_or_404(audit_id, me())
    photo = get_photo_or_404(audit, photo_id)
    size = request.args.get("size", "display")
    if size not in SIZES:
        raise BadRequest(
            _("Unknown photo size."),
            [{"field": "size", "message": _("one of %(choices)s", choices=", ".join(SIZES))}],
        )
    return send_stored_jpeg(photo.sha256, size, cache_control=CACHE_CONTROL)
