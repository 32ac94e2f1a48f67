"""Photos of one shop front, drawn with Pillow: the same picture re-saved, or another shot.

The facade is drawn once (wall, sign, windows, door, awning, pavement); a "photo" is a
camera's view of it: a perspective warp for where the photographer stood, the light of
the hour, and sensor noise. Two views are genuinely different photos of the same place.
"""

from __future__ import annotations

import random
from functools import cache

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from tests.images import encode

FACADE = (2400, 1600)


@cache
def facade() -> Image.Image:
    """The shop front itself (drawn once per test run)."""
    rng = random.Random(7)
    im = Image.new("RGB", FACADE, (176, 160, 140))
    draw = ImageDraw.Draw(im)
    for y in range(0, FACADE[1], 40):  # brick courses
        for x in range(-(y // 40 % 2) * 45, FACADE[0], 90):
            tone = rng.randint(-18, 18)
            draw.rectangle((x + 2, y + 2, x + 88, y + 38), fill=(168 + tone, 92 + tone, 70 + tone))
    draw.rectangle((0, 1300, FACADE[0], FACADE[1]), fill=(110, 110, 115))  # pavement
    draw.rectangle((200, 120, 2200, 330), fill=(20, 60, 120))  # sign band
    for i, x in enumerate(range(320, 2100, 260)):  # sign letters as blocks
        draw.rectangle((x, 170, x + 160, 290), fill=(250, 210, 40) if i % 2 else (255, 255, 255))
    for x in range(200, 2200, 100):  # striped awning
        draw.polygon(
            [(x, 360), (x + 100, 360), (x + 120, 470), (x + 20, 470)],
            fill=(200, 30, 40) if (x // 100) % 2 else (240, 240, 240),
        )
    for left in (260, 1500):  # shop windows with displays
        draw.rectangle(
            (left, 520, left + 640, 1180), fill=(60, 80, 90), outline=(30, 30, 30), width=14
        )
        for shelf in range(620, 1180, 140):
            draw.line((left, shelf, left + 640, shelf), fill=(140, 140, 140), width=8)
            for item in range(left + 30, left + 620, 70):
                h = rng.randint(40, 110)
                colour = tuple(rng.randint(40, 250) for _ in range(3))
                draw.rectangle((item, shelf - h, item + 45, shelf - 6), fill=colour)
    draw.rectangle((1020, 560, 1380, 1300), fill=(70, 40, 25), outline=(20, 20, 20), width=12)
    draw.ellipse((1320, 900, 1350, 930), fill=(220, 190, 60))  # door handle
    return im.filter(ImageFilter.GaussianBlur(1.2))


def photo(view: str = "front", size: tuple[int, int] = (1600, 1200), seed: int = 1) -> Image.Image:
    """A camera's shot of the facade: `front` (across the street, midday) or `left`
    (closer, from the left at an angle, evening light)."""
    base = facade()
    if view == "front":
        quad = (60, 40, 60, 1560, 2340, 1560, 2340, 40)
        light, warmth = 1.0, (1.0, 1.0, 1.0)
    else:
        quad = (700, -100, 620, 1700, 2300, 1420, 2360, 240)
        light, warmth = 0.75, (1.08, 0.95, 0.8)
    shot = base.transform(size, Image.Transform.QUAD, quad, Image.Resampling.BICUBIC)
    shot = ImageEnhance.Brightness(shot).enhance(light)
    r, g, b = shot.split()
    shot = Image.merge(
        "RGB",
        [
            band.point(lambda v, k=k: min(255, int(v * k)))
            for band, k in zip((r, g, b), warmth, strict=True)
        ],
    )
    rng = random.Random(seed)  # seeded: the same call draws the same photo
    noise = Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).convert("RGB")
    return Image.blend(shot, noise, 0.04)


def jpeg(im: Image.Image, quality: int = 92, **params: object) -> bytes:
    """The photo as a camera's JPEG."""
    return encode(im, "JPEG", quality=quality, **params)


def resaved(im: Image.Image, quality: int = 70, scale: float = 0.5) -> bytes:
    """The same picture resized and re-saved at a lower quality (a forwarded copy)."""
    width, height = im.size
    smaller = im.resize((int(width * scale), int(height * scale)), Image.Resampling.LANCZOS)
    return jpeg(smaller, quality)


def cropped(im: Image.Image, fraction: float = 0.03) -> bytes:
    """The same picture with `fraction` cut from every edge."""
    width, height = im.size
    dx, dy = int(width * fraction), int(height * fraction)
    return jpeg(im.crop((dx, dy, width - dx, height - dy)), 85)
