"""Serving stored photo and logo sizes: always through the app, whatever the backend.

Scoping happens in the views before this is called; object storage is never exposed to
the browser (no public bucket, no presigned link that would outlive a revoked access).
"""

from __future__ import annotations

from flask import Response, request, send_file
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound
from werkzeug.wsgi import wrap_file

from audit.photos import photo_key
from audit.services.storage import photo_storage
from audit.storage import Storage

JPEG = "image/jpeg"


def send_stored_jpeg(sha256: str, size: str, *, cache_control: str = "no-cache") -> Response:
    """One stored size of a photo or logo as JPEG; 404 when its file is not there.

    The ETag is the content address (`{sha256}-{size}`), so a revalidation answers 304
    without reading the object.
    """
    storage = photo_storage()
    return send_stored(
        storage.storage,
        photo_key(sha256, size),
        mimetype=JPEG,
        etag=f"{sha256}-{size}",
        cache_control=cache_control,
        missing=_("The photo's file is missing from storage."),
    )


def send_stored(
    storage: Storage, key: str, *, mimetype: str, etag: str, cache_control: str, missing: str
) -> Response:
    """A stored object named by its content (`etag`); 404 saying `missing` when it is gone.

    A local file is sent by Flask (sendfile, ranges: audio players seek with them); an
    object in S3 is streamed in chunks, never held whole in memory.
    """
    path = storage.local_path(key)
    if path is not None:
        if not path.is_file():
            raise NotFound(missing)
        response = send_file(path, mimetype=mimetype, etag=etag, conditional=True)
    elif etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
    else:
        try:
            stream = storage.open(key)
        except FileNotFoundError:
            raise NotFound(missing) from None
        response = Response(
            wrap_file(request.environ, stream), mimetype=mimetype, direct_passthrough=True
        )
        response.content_length = getattr(stream, "size", None)
        response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    return response
