"""The stored sizes of a photo: their dimensions, and their JPEG bytes."""

from __future__ import annotations

import io

from PIL import Image

# Longest side in pixels, largest first: each size is derived from the one before it.
SIZES: dict[str, int] = {"original": 2048, "display": 1600, "print": 800, "thumb": 320}
JPEG_QUALITY = 85


def plan_sizes(size: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Return each stored size's (width, height) for an upright image of `size`; never upscale."""
    plan: dict[str, tuple[int, int]] = {}
    for name, longest in SIZES.items():
        size = _fit(size, longest)
        plan[name] = size
    return plan


def render_sizes(image: Image.Image, plan: dict[str, tuple[int, int]]) -> dict[str, bytes]:
    """Return the JPEG bytes of every planned size, each resized from the previous one."""
    rendered: dict[str, bytes] = {}
    for name, size in plan.items():
        if image.size != size:
            image = _downscale(image, size)
        rendered[name] = encode_jpeg(image)
    return rendered


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
    # reducing_gap=1.0 box-averages by the integer part of the ratio first (2x for print,
    # 2x then 1.25x for the thumb, more for a big PNG): several times faster than filtering
    # at full size, and indistinguishable at these sizes. Pillow's BILINEAR widens its
    # support when downscaling, so it antialiases; BICUBIC cost ~10 ms more per photo.
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=1.0)
