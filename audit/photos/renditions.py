"""The stored sizes of a photo: their dimensions, and their JPEG bytes (one encode per image)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from audit.photos.exif import swaps_axes

# Longest side in pixels, largest first: each size is derived from the one before it.
SIZES: dict[str, int] = {"original": 2048, "display": 1600, "print": 800, "thumb": 320}
JPEG_QUALITY = 85

# A decoded image whose longest side is at most this is the display itself, unresized: the
# display and the original are then one image, encoded once and stored once. The product
# asks for a display of about 1600-2048 px; a 12 MP JPEG decoded at half scale (2000x1500)
# so skips a full-size resize and an encode (~17 + 4 ms of ~60 ms: 16.5 -> 23 photos/s in
# bench/bench_photos.py). Tablets upload at most 2048 px anyway, so this is the usual case.
DISPLAY_REUSE_MAX = SIZES["original"]


@dataclass(frozen=True)
class Rendition:
    """One encoded image and the size names it is stored as (equal sizes share one file)."""

    names: tuple[str, ...]
    size: tuple[int, int]
    jpeg: bytes


def plan_sizes(size: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Return each stored size's (width, height) for an upright image of `size`; never upscale."""
    reuse_display = max(size) <= min(DISPLAY_REUSE_MAX, SIZES["original"])
    plan: dict[str, tuple[int, int]] = {}
    for name, longest in SIZES.items():
        if not (name == "display" and reuse_display):
            size = _fit(size, longest)
        plan[name] = size
    return plan


def render_sizes(
    image: Image.Image,
    plan: dict[str, tuple[int, int]],
    transpose: Image.Transpose | None = None,
) -> list[Rendition]:
    """Encode every planned (upright) size, largest first, each resized from the previous one.

    `transpose` makes `image` upright; it is applied after the first downscale, so the
    largest stored size is the largest image ever turned. Consecutive sizes with the same
    dimensions are the same pixels: encoded once, as one Rendition naming all of them.
    """
    renditions: list[Rendition] = []
    for name, size in plan.items():
        if renditions and renditions[-1].size == size:
            last = renditions[-1]
            renditions[-1] = Rendition((*last.names, name), size, last.jpeg)
            continue
        if transpose is not None:
            width, height = size
            stored_size = (height, width) if swaps_axes(transpose) else size
            if image.size != stored_size:
                image = _downscale(image, stored_size)
            image, transpose = image.transpose(transpose), None
        elif image.size != size:
            image = _downscale(image, size)
        renditions.append(Rendition((name,), size, encode_jpeg(image)))
    return renditions


def encode_jpeg(image: Image.Image) -> bytes:
    """Encode as a baseline JPEG with no metadata."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def _fit(size: tuple[int, int], longest: int) -> tuple[int, int]:
    width, height = size
    if max(width, height) <= longest:
        return size
    scale = longest / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _downscale(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    width, height = image.size
    factor = width // size[0]
    if factor > 1 and (width, height) == (size[0] * factor, size[1] * factor):
        # An exact integer ratio (print from a 1600 px display): a box average is the ideal
        # filter, and reduce() skips the resampler's second pass.
        return image.reduce(factor)
    # reducing_gap=1.0 box-averages by the integer part of the ratio first (2x then 1.25x for
    # the thumb or a print from a 2000 px display, more for a big PNG): several times faster
    # than filtering at full size, and indistinguishable at these sizes. Pillow's BILINEAR
    # widens its support when downscaling, so it antialiases; BICUBIC cost ~10 ms more per
    # photo and BOX (~5 ms less for the display) measurably blurs and aliases fine detail.
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=1.0)
