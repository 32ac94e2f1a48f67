"""Uploads whose decode would take too much memory are refused before decoding, by mode.

PNG and WebP decode every pixel at full size; the limit is what keeps one upload's peak
memory growth under 150 MB (the figures are printed by bench/bench_photos.py).
"""

from __future__ import annotations

import threading

import pytest
from PIL import Image

from audit.photos import PhotoRejected, ingest_photo
from audit.photos import decode as decode_module
from tests.images import encode


def png(mode: str, size: tuple[int, int]) -> bytes:
    """A flat PNG (a few kB however many pixels: what a hostile upload looks like)."""
    colour = {"RGB": (200, 30, 30), "RGBA": (200, 30, 30, 128), "L": 90, "P": 5}[mode]
    im = Image.new(mode, size, colour)
    params = {"transparency": 5} if mode == "P" else {}
    return encode(im, "PNG", **params)


@pytest.mark.parametrize(
    ("mode", "size", "limit"),
    [("RGBA", (7000, 7000), "15"), ("P", (4000, 4000), "13"), ("RGB", (5600, 5600), "22")],
)
def test_a_full_decode_over_the_memory_budget_is_refused(storage, mode, size, limit):
    data = png(mode, size)
    assert len(data) < 300_000  # small on the wire, huge once decoded
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(data, storage)
    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.message.endswith(f"the limit is {limit}")
    assert not storage.root.exists()


@pytest.mark.parametrize(("mode", "side"), [("RGBA", 3600), ("P", 3600), ("RGB", 4600)])
def test_a_png_within_the_budget_is_stored_reduced(storage, mode, side):
    stored = ingest_photo(png(mode, (side, side)), storage)
    assert max(stored.sizes["original"]) <= 2048
    with storage.open(stored.sha256, "display") as file, Image.open(file) as display:
        assert display.mode == "RGB"
        # Half-transparent red flattened on white: a light red, not black.
        if mode == "RGBA":
            assert display.getpixel((10, 10))[1] > 100


def test_a_large_jpeg_keeps_the_general_limit(storage, make_jpeg):
    # A JPEG decodes at a reduced DCT scale, so 20 MP is fine where a 20 MP PNG is not.
    stored = ingest_photo(make_jpeg((5200, 3900)), storage)
    assert stored.sizes["original"] == (2048, 1536)


def test_at_most_two_uploads_decode_at_once(storage, monkeypatch):
    running, peak = 0, 0
    changed = threading.Condition()
    real_decode = decode_module.decode

    def counting_decode(*args, **kwargs):
        nonlocal running, peak
        with changed:
            running += 1
            peak = max(peak, running)
            changed.notify_all()
            # Give the others time to pile in: without the cap, all six would be here.
            changed.wait_for(lambda: running >= 3, timeout=0.5)
        try:
            return real_decode(*args, **kwargs)
        finally:
            with changed:
                running -= 1

    monkeypatch.setattr("audit.photos.ingest.decode", counting_decode)
    uploads = [png("RGB", (900 + i, 700)) for i in range(6)]
    threads = [threading.Thread(target=ingest_photo, args=(data, storage)) for data in uploads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == 2
    assert len(list(storage.root.glob("??/*"))) == 6
