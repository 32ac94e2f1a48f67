"""Photo ingest throughput on 12-megapixel JPEGs: naive pipeline vs ingest_photo, one core.

The baseline (full decode, rotate, thumbnail each size) runs in the same process first.

Run: .venv/bin/python bench/bench_photos.py [--seconds N]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import tempfile
import time
from collections.abc import Callable

from PIL import ExifTags, Image, ImageFilter, ImageOps

from audit.photos import SIZES, FilesystemPhotoStorage, ingest_photo

WIDTH, HEIGHT = 4000, 3000


def make_photo(seed: int, orientation: int | None) -> bytes:
    """A 12 MP JPEG with photo-like detail: soft shapes, gradients, texture and sensor noise."""
    size = (WIDTH // 4, HEIGHT // 4)
    channels = []
    for channel in range(3):
        coarse = Image.effect_noise(size, 60 + 10 * channel).filter(ImageFilter.GaussianBlur(6))
        gradient = Image.linear_gradient("L").rotate(90 * (seed + channel)).resize(size)
        channels.append(Image.blend(coarse, gradient, 0.5))
    base = Image.merge("RGB", channels).resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    texture = Image.effect_noise((WIDTH, HEIGHT), 40).filter(ImageFilter.GaussianBlur(0.8))
    base = Image.blend(base, texture.convert("RGB"), 0.25)
    grain = Image.effect_noise((WIDTH, HEIGHT), 20).convert("RGB")
    photo = Image.blend(base, grain, 0.08)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchCam"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2024:05:06 07:08:09"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def naive_pipeline(data: bytes, root: str) -> None:
    """Baseline: full decode, exif_transpose, each size thumbnailed from the full image."""
    name = str(hash(data))
    im = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    im = im.convert("RGB")
    os.makedirs(os.path.join(root, name), exist_ok=True)
    for size, longest in SIZES.items():
        copy = im.copy()
        copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        copy.save(os.path.join(root, name, f"{size}.jpg"), "JPEG", quality=85)


def rate(run: Callable[[bytes], None], photos: list[bytes], seconds: float) -> float:
    """Photos per second over at least `seconds` (and at least two passes over `photos`)."""
    count, start = 0, time.perf_counter()
    while count < 2 * len(photos) or time.perf_counter() - start < seconds:
        run(photos[count % len(photos)])
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    """Print photos/s for the naive pipeline and ingest_photo, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="time per measurement")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    started = time.perf_counter()
    photos = [make_photo(seed, orientation) for seed, orientation in enumerate((None, 6, 8, 1))]
    sizes = ", ".join(f"{len(p) / 1e6:.1f}" for p in photos)
    print(
        f"{len(photos)} JPEGs {WIDTH}x{HEIGHT}, {sizes} MB, made in "
        f"{time.perf_counter() - started:.1f} s; orientations none, 6, 8, 1"
    )

    with tempfile.TemporaryDirectory() as root:
        storage = FilesystemPhotoStorage(os.path.join(root, "ingest"))

        def ingest(data: bytes) -> None:
            # A fresh store each time, so deduplication never skips the work.
            shutil.rmtree(storage.root, ignore_errors=True)
            ingest_photo(data, storage)

        naive = rate(
            lambda data: naive_pipeline(data, os.path.join(root, "naive")), photos, args.seconds
        )
        fast = rate(ingest, photos, args.seconds)
        storage.fsync = False
        fast_nosync = rate(ingest, photos, args.seconds / 2)

    print(f"naive pipeline (full decode, exif_transpose, 4x thumbnail): {naive:6.1f} photos/s")
    print(f"ingest_photo (draft decode, chained sizes, fsync):          {fast:6.1f} photos/s")
    print(
        f"ingest_photo without fsync:                                 {fast_nosync:6.1f} photos/s"
    )
    print(
        f"speed-up: {fast / naive:.1f}x  ({1000 / fast:.1f} ms vs {1000 / naive:.1f} ms per photo)"
    )
    print(f"total bench time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
