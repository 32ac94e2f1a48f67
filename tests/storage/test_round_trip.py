"""A photo and a logo through HTTP on each backend: upload, serve, report, delete, sweep."""

from __future__ import annotations

import io

from PIL import Image

from audit.extensions import db
from audit.models import Organization, Photo
from audit.photos import ingest_photo
from audit.services.photos import photo_storage, sweep_orphan_files
from audit.services.storage import storage_for
from tests.images import image_bytes
from tests.reports_http.conftest import image_count
from tests.storage.conftest import backdate
from tests.web.auditor.helpers import upload


def keys(area: str) -> list[str]:
    """Every stored key of `area` ('photos' or 'reports')."""
    return sorted(entry.key for entry in storage_for(area).list())


def get(client, url: str, **kwargs):
    """GET, read and close (a sent file stays open until its response is closed)."""
    response = client.get(url.removeprefix("/api/v1"), **kwargs)
    response.get_data()
    response.close()
    return response


def test_photo_round_trip(app, backend, api, factory):
    auditor, consultant = factory.user("auditor"), factory.user("consultant")
    audit = factory.audit(auditor=auditor)
    organization = audit.location.organization
    as_auditor, as_consultant = api(auditor), api(consultant)

    logo = as_consultant.put(
        f"/organizations/{organization.slug}/logo",
        data=image_bytes("PNG", (300, 120)),
        content_type="image/png",
    )
    assert logo.status_code == 200, logo.json
    created = upload(as_auditor, audit.id, image_bytes("JPEG", (1200, 900)))
    assert created.status_code == 201, created.json
    photo = created.json
    sha256 = db.session.get(Photo, photo["id"]).sha256
    logo_sha256 = db.session.get(Organization, organization.id).logo_sha256
    assert {key.split("/")[1] for key in keys("photos")} == {sha256, logo_sha256}

    thumb = get(as_auditor, photo["thumb_url"])
    assert thumb.status_code == 200
    assert thumb.mimetype == "image/jpeg"
    assert thumb.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert Image.open(io.BytesIO(thumb.data)).width == 320
    assert int(thumb.headers["Content-Length"]) == len(thumb.data)
    again = get(as_auditor, photo["thumb_url"], headers={"If-None-Match": thumb.headers["ETag"]})
    assert again.status_code == 304

    first = as_consultant.get(f"/audits/{audit.id}/report.pdf")
    assert first.status_code == 200
    assert first.headers["X-Report-Cache"] == "miss"
    assert image_count(first.data) == 2  # the logo on the cover and the photo
    assert [key.endswith(".pdf") for key in keys("reports")] == [True]
    second = as_consultant.get(f"/audits/{audit.id}/report.pdf")
    assert second.headers["X-Report-Cache"] == "hit"
    assert second.data == first.data

    deleted = as_auditor.delete(f"/audits/{audit.id}/photos/{photo['id']}")
    assert deleted.status_code == 204
    assert {key.split("/")[1] for key in keys("photos")} == {logo_sha256}
    gone = get(as_auditor, photo["thumb_url"])
    assert gone.status_code == 404

    orphan = ingest_photo(image_bytes("JPEG", (200, 100)), photo_storage()).sha256
    assert sweep_orphan_files() == []  # written just now: its row may be committing
    for key in keys("photos"):
        backdate(storage_for("photos"), key, 7200)
    assert sweep_orphan_files() == [orphan]
    assert {key.split("/")[1] for key in keys("photos")} == {logo_sha256}


def test_consultant_pages_stream_photos_and_logos(app, auth, client, factory):
    consultant = factory.user("consultant")
    audit = factory.audit(status="submitted")
    organization = audit.location.organization
    data = image_bytes("JPEG", (640, 480))
    sha256 = ingest_photo(data, photo_storage()).sha256
    photo = factory.photo(audit, sha256=sha256)
    organization.logo_sha256 = sha256
    db.session.commit()
    auth.login(consultant.email)
    for url in (
        f"/consultant/audits/{audit.id}/photos/{photo.id}/thumb",
        f"/consultant/organizations/{organization.slug}/logo.jpg",
    ):
        response = get(client, url)
        assert response.status_code == 200, url
        assert response.mimetype == "image/jpeg"
        assert Image.open(io.BytesIO(response.data)).width == 320
    photo_storage().delete(sha256)
    missing = get(client, f"/consultant/audits/{audit.id}/photos/{photo.id}/thumb")
    assert missing.status_code == 404
