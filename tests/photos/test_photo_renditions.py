"""Equal sizes are one image: encoded once, stored once, and readable under every name."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat

from audit.photos import SIZES, ingest_photo
from audit.photos.renditions import plan_sizes, render_sizes


def stored_image(storage, sha: str, size: str) -> Image.Image:
    with storage.open(sha, size) as f:
        im = Image.open(io.BytesIO(f.read()))
        im.load()
    return im


def inode(storage, sha: str, size: str) -> int:
    return storage.path(sha, size).stat().st_ino


@pytest.fixture
def count_saves(storage, monkeypatch):
    saved: list[str] = []
    save = storage.save

    def counting_save(sha256: str, size: str, data: bytes) -> None:
        saved.append(size)
        save(sha256, size, data)

    monkeypatch.setattr(storage, "save", counting_save)
    return saved


def test_equal_sizes_are_encoded_once():
    renditions = render_sizes(Image.new("RGB", (500, 300), "red"), plan_sizes((500, 300)))
    assert [(r.names, r.size) for r in renditions] == [
        (("original", "display", "print"), (500, 300)),
        (("thumb",), (320, 192)),
    ]


def test_small_image_is_stored_once_for_equal_sizes(make_jpeg, storage, count_saves):
    photo = ingest_photo(make_jpeg((500, 300)), storage)
    assert count_saves == ["thumb", "print"]
    assert inode(storage, photo.sha256, "original") == inode(storage, photo.sha256, "print")
    assert inode(storage, photo.sha256, "display") == inode(storage, photo.sha256, "print")
    assert inode(storage, photo.sha256, "thumb") != inode(storage, photo.sha256, "print")
    for name, dims in photo.sizes.items():
        assert stored_image(storage, photo.sha256, name).size == dims
    names = sorted(p.name for p in storage.path(photo.sha256, "thumb").parent.iterdir())
    assert names == ["display.jpg", "original.jpg", "print.jpg", "thumb.jpg"]


def test_reused_display_is_the_original_stored_once(make_jpeg, storage, count_saves):
    photo = ingest_photo(make_jpeg((4000, 3000)), storage)
    assert photo.sizes == {
        "original": (2000, 1500),
        "display": (2000, 1500),
        "print": (800, 600),
        "thumb": (320, 240),
    }
    assert count_saves == ["thumb", "print", "display"]
    assert inode(storage, photo.sha256, "original") == inode(storage, photo.sha256, "display")
    for name, dims in photo.sizes.items():
        assert storage.path(photo.sha256, name).is_file()
        assert stored_image(storage, photo.sha256, name).size == dims


def test_reused_display_only_when_the_decode_fits(make_jpeg, storage):
    # Decoded at half scale to 3000x1000: the original is resized, the display is 1600 px.
    photo = ingest_photo(make_jpeg((6000, 2000)), storage)
    assert photo.sizes["original"] == (2048, 683)
    assert photo.sizes["display"] == (1600, 534)


def test_reused_display_is_upright(quadrant, exif_for, encode_image, storage):
    sensor = quadrant((3200, 2400)).transpose(Image.Transpose.ROTATE_90)
    data = encode_image(sensor, "JPEG", quality=90, exif=exif_for(orientation=6))
    photo = ingest_photo(data, storage)
    assert photo.sizes["display"] == photo.sizes["original"] == (1600, 1200)
    for name, (w, h) in photo.sizes.items():
        stored = stored_image(storage, photo.sha256, name)
        top_left = stored.getpixel((w // 4, h // 4))
        bottom_right = stored.getpixel((3 * w // 4, 3 * h // 4))
        assert top_left[0] > 200 and top_left[2] < 60, name
        assert bottom_right[2] > 200 and bottom_right[0] < 60, name


def test_incomplete_linked_set_is_completed(make_jpeg, storage):
    data = make_jpeg((4000, 3000))
    photo = ingest_photo(data, storage)
    storage.path(photo.sha256, "original").unlink()
    assert ingest_photo(data, storage) == photo
    assert inode(storage, photo.sha256, "original") == inode(storage, photo.sha256, "display")
    files = [p for p in storage.root.rglob("*") if p.is_file()]
    assert len(files) == len(SIZES)


def test_storage_without_link_saves_the_bytes_again(make_jpeg, tmp_path):
    class DictStorage:
        def __init__(self) -> None:
            self.files: dict[tuple[str, str], bytes] = {}

        def save(self, sha256: str, size: str, data: bytes) -> None:
            self.files[sha256, size] = data

        def exists(self, sha256: str, size: str) -> bool:
            return (sha256, size) in self.files

    storage = DictStorage()
    photo = ingest_photo(make_jpeg((500, 300)), storage)
    assert sorted(size for _, size in storage.files) == sorted(SIZES)
    original = storage.files[photo.sha256, "original"]
    assert storage.files[photo.sha256, "display"] == original
    assert Image.open(io.BytesIO(original)).size == (500, 300)


# The transpose that undoes each orientation's, to make the camera's pixels from upright ones.
INVERSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def gradient_image(size: tuple[int, int]) -> Image.Image:
    """Red grows to the right, green downwards: any wrong turn or flip shows."""
    red = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(size)
    green = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (red, green, Image.new("L", size, 128)))


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return ImageStat.Stat(ImageChops.difference(a, b).convert("L")).mean[0]


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_is_turned_after_the_downscale(
    orientation, exif_for, encode_image, storage, monkeypatch
):
    upright = gradient_image((3000, 2000))
    sensor = upright.transpose(INVERSE[orientation]) if orientation in INVERSE else upright
    data = encode_image(sensor, "JPEG", quality=95, exif=exif_for(orientation=orientation))
    assert mean_difference(ImageOps.exif_transpose(Image.open(io.BytesIO(data))), upright) < 2
    turned: list[tuple[int, int]] = []
    transpose = Image.Image.transpose

    def spy(self, method):
        turned.append(self.size)
        return transpose(self, method)

    with monkeypatch.context() as patch:
        patch.setattr(Image.Image, "transpose", spy)
        photo = ingest_photo(data, storage)  # decoded at full size: 3000 px is under 2x 1600
    assert photo.sizes["original"] == (2048, 1365)
    assert len(turned) == (orientation in INVERSE)
    assert all(max(size) == 2048 for size in turned)
    for name, dims in photo.sizes.items():
        stored = stored_image(storage, photo.sha256, name)
        assert stored.size == dims
        assert mean_difference(stored, upright.resize(dims, Image.Resampling.BILINEAR)) < 3, name
