"""POST/DELETE/GET /audits/{id}/photos: real images, content checks, EXIF, limits, scoping."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from audit.extensions import db
from audit.models import Photo
from tests.images import encode, exif_bytes, image_bytes, png_bomb, quadrant_image
from tests.web.auditor.helpers import upload


def fetch(api_client, url: str):
    """GET a URL the API gave (it already starts with /api/v1), read and closed."""
    response = api_client.get(url.removeprefix("/api/v1"))
    response.get_data()
    response.close()  # send_file streams an open file until the response is closed
    return response


def stored_image(response) -> Image.Image:
    return Image.open(io.BytesIO(response.data))


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
)
def test_jpeg_png_webp_are_accepted(api, auditor, audit, fmt, content_type):
    client = api(auditor)
    response = upload(client, audit.id, image_bytes(fmt), caption=" Shop front ")
    assert response.status_code == 201, response.json
    photo = response.json
    assert photo["id"]
    assert photo["touchpoint"] == "greeting"
    assert photo["caption"] == "Shop front"
    assert photo["content_type"] == content_type
    assert (photo["width"], photo["height"]) == (640, 480)
    image = fetch(client, photo["url"])
    assert image.status_code == 200
    assert image.mimetype == "image/jpeg"
    assert "private" in image.headers["Cache-Control"]
    assert "max-age=31536000" in image.headers["Cache-Control"]
    assert stored_image(image).format == "JPEG"


def test_upload_starts_the_audit(api, auditor, audit):
    upload(api(auditor), audit.id, image_bytes())
    db.session.expire_all()
    assert audit.status == "in_progress"


def test_sizes_thumb_display_print(api, auditor, audit):
    client = api(auditor)
    photo = upload(client, audit.id, image_bytes(size=(3000, 2000))).json
    assert (photo["width"], photo["height"]) == (2048, 1365)
    widths = {}
    for size in ("thumb", "print", "display", "original"):
        response = fetch(client, f"{photo['url']}?size={size}")
        assert response.status_code == 200
        widths[size] = stored_image(response).width
    assert widths["thumb"] <= 320 < widths["print"] <= 800 < widths["display"]
    assert widths["display"] <= widths["original"] == 2048
    default = stored_image(fetch(client, photo["url"])).width
    assert default == widths["display"]
    assert fetch(client, photo["url"] + "?size=huge").status_code == 400


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (image_bytes("GIF", size=(64, 64)), "photo.gif"),
        (image_bytes("BMP", size=(64, 64)), "photo.jpg"),
        (image_bytes("TIFF", size=(64, 64)), "photo.jpg"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "photo.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "a.svg"),
        (b"<html><body>not an image</body></html>", "photo.png"),
        (b"\xff\xd8\xff\xe0" + b"garbage" * 20, "photo.jpg"),
        (b"", "photo.jpg"),
    ],
    ids=["gif", "bmp", "tiff", "pdf", "svg", "html", "jpeg-magic-garbage", "empty"],
)
def test_other_content_is_refused_with_a_clear_message(api, auditor, audit, data, filename):
    response = upload(api(auditor), audit.id, data, filename=filename)
    assert response.status_code == 422
    error = response.json["error"]
    assert error["message"].startswith("The photo was refused:")
    assert error["details"][0]["field"] == "file"
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 0


def test_decompression_bomb_is_refused(api, auditor, audit):
    response = upload(api(auditor), audit.id, png_bomb(), filename="bomb.png")
    assert response.status_code == 422
    assert response.json["error"]["details"][0]["code"] == "too_many_pixels"
    assert "megapixels" in response.json["error"]["message"]


def test_truncated_jpeg_is_refused(api, auditor, audit):
    data = image_bytes(size=(800, 600))
    response = upload(api(auditor), audit.id, data[: len(data) // 2])
    assert response.status_code == 422
    assert response.json["error"]["details"][0]["code"] == "corrupt"
    assert "truncated" in response.json["error"]["message"]


def test_oversized_file_is_413(api, app, auditor, audit, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_BYTES", 10_000)
    response = upload(api(auditor), audit.id, image_bytes(size=(1200, 900), quality=100))
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"
    assert "the limit is" in response.json["error"]["message"]


def test_request_over_max_content_length_is_413_json(api, app, auditor, audit, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 20_000)
    response = upload(api(auditor), audit.id, bytes(50_000))
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


def test_exif_rotated_photo_is_stored_upright(api, auditor, audit):
    client = api(auditor)
    # 400x200 landscape pixels tagged "rotate 90 clockwise to view" (orientation 6).
    data = encode(quadrant_image((400, 200)), "JPEG", quality=92, exif=exif_bytes(6))
    photo = upload(client, audit.id, data).json
    assert (photo["width"], photo["height"]) == (200, 400)
    image = stored_image(fetch(client, photo["url"] + "?size=original")).convert("RGB")
    assert image.size == (200, 400)
    # The red top-left quadrant of the raw pixels is top-right once turned upright.
    red, _green, blue = image.getpixel((150, 50))
    assert red > 200 and blue < 60
    assert image.getexif().get(ExifTags.Base.Orientation) in (None, 1)


def test_gps_and_exif_are_stripped_but_capture_time_is_kept(api, auditor, audit):
    client = api(auditor)
    exif = exif_bytes(taken=datetime(2024, 5, 6, 10, 20, 30), gps=True)
    data = encode(quadrant_image((400, 200)), "JPEG", quality=92, exif=exif)
    photo = upload(client, audit.id, data).json
    assert photo["taken_at"].startswith("2024-05-06T10:20:30")
    row = db.session.get(Photo, photo["id"])
    assert row.taken_at is not None
    for size in ("original", "display", "thumb"):
        stored = fetch(client, f"{photo['url']}?size={size}").data
        image = Image.open(io.BytesIO(stored))
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif
        assert b"TabletCo" not in stored


def test_files_are_content_addressed_outside_the_web_root(api, app, auditor, audit):
    data = image_bytes()
    photo = upload(api(auditor), audit.id, data).json
    row = db.session.get(Photo, photo["id"])
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    root = Path(app.config["PHOTO_STORAGE_PATH"])
    assert (root / row.sha256[:2] / row.sha256 / "display.jpg").is_file()
    assert not root.resolve().is_relative_to(Path(app.static_folder).resolve())


def test_touchpoint_max_is_409(api, auditor, audit):
    client = api(auditor)  # the greeting touchpoint allows 3 photos
    for n in range(3):
        assert upload(client, audit.id, image_bytes(color=(n, 0, 0))).status_code == 201
    response = upload(client, audit.id, image_bytes(color=(9, 9, 9)))
    assert response.status_code == 409
    assert "delete one first" in response.json["error"]["message"]


def test_retry_with_the_same_client_uid_is_not_stored_twice(api, auditor, audit):
    client = api(auditor)
    first = upload(client, audit.id, image_bytes(), client_uid="dev1-42")
    again = upload(client, audit.id, image_bytes(), client_uid="dev1-42")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json["id"] == first.json["id"]
    assert db.session.scalar(db.select(db.func.count(Photo.id))) == 1


@pytest.mark.parametrize(
    ("form", "field"),
    [({"touchpoint": "nowhere"}, "touchpoint"), ({"caption": "x" * 501}, "caption")],
)
def test_bad_touchpoint_or_caption_is_422(api, auditor, audit, form, field):
    response = upload(api(auditor), audit.id, image_bytes(), **form)
    assert response.status_code == 422
    assert response.json["error"]["details"][0]["field"] == field


def test_missing_file_is_422(api, auditor, audit):
    response = api(auditor).post(
        f"/audits/{audit.id}/photos",
        data={"touchpoint": "greeting"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422


def test_delete_removes_the_photo_and_its_files(api, app, auditor, audit):
    client = api(auditor)
    photo = upload(client, audit.id, image_bytes()).json
    sha = db.session.get(Photo, photo["id"]).sha256
    assert client.delete(f"/audits/{audit.id}/photos/{photo['id']}").status_code == 204
    assert fetch(client, photo["url"]).status_code == 404
    assert not (Path(app.config["PHOTO_STORAGE_PATH"]) / sha[:2] / sha).exists()


def test_delete_keeps_files_another_photo_uses(api, app, auditor, audit):
    client = api(auditor)
    data = image_bytes()
    first = upload(client, audit.id, data).json
    second = upload(client, audit.id, data).json
    client.delete(f"/audits/{audit.id}/photos/{first['id']}")
    assert fetch(client, second["url"]).status_code == 200


def test_photos_change_only_before_submit(api, factory, auditor):
    done = factory.audit(auditor=auditor, status="submitted")
    factory.photo(done, "greeting", width=1, height=1, byte_size=1)
    client = api(auditor)
    assert upload(client, done.id, image_bytes()).status_code == 409
    photo_id = done.photos[0].id
    assert client.delete(f"/audits/{done.id}/photos/{photo_id}").status_code == 409


def test_another_auditor_gets_404(api, factory, auditor, audit):
    photo = upload(api(auditor), audit.id, image_bytes()).json
    other = api(factory.user("auditor"))
    assert upload(other, audit.id, image_bytes()).status_code == 404
    assert fetch(other, photo["url"]).status_code == 404
    assert other.delete(f"/audits/{audit.id}/photos/{photo['id']}").status_code == 404


def test_photo_of_another_audit_is_404(api, factory, auditor, audit):
    mine = api(auditor)
    photo = upload(mine, audit.id, image_bytes()).json
    second = factory.audit(auditor=auditor)
    assert mine.get(f"/audits/{second.id}/photos/{photo['id']}").status_code == 404


def test_consultant_and_own_client_can_read_but_not_write(api, factory, auditor, audit):
    photo = upload(api(auditor), audit.id, image_bytes()).json
    consultant = api(factory.user("consultant"))
    assert fetch(consultant, photo["url"]).status_code == 200
    assert upload(consultant, audit.id, image_bytes()).status_code == 403
    assert consultant.delete(f"/audits/{audit.id}/photos/{photo['id']}").status_code == 403
    client_user = api(factory.user("client", organization=audit.organization))
    assert fetch(client_user, photo["url"]).status_code == 404  # not published yet
