"""Plausible answers and photos for demo audits (seeded, so the demo is repeatable)."""

from __future__ import annotations

import io
import random
from typing import Any

from PIL import Image, ImageDraw

from audit.scoring import Checklist, Criterion, hidden_keys

OBSERVATIONS = [
    "Staff were friendly but the queue was long.",
    "Clean and well organised; signage could be clearer.",
    "The advisor knew the range well and offered alternatives.",
]


def demo_answers(definition: Checklist, rng: random.Random, quality: float) -> dict[str, Any]:
    """Answers in document order, skipping criteria hidden by earlier answers.

    `quality` in [0, 1] is how good the location is: the chance of a good answer.
    """
    answers: dict[str, Any] = {}
    for criterion in definition.criteria:
        if criterion.key in hidden_keys(definition, answers):
            continue
        if criterion.na and rng.random() < 0.05:
            answers[criterion.key] = "N/A"
            continue
        value = _answer(criterion, rng, quality)
        if value is not None:
            answers[criterion.key] = value
    return answers


def _answer(criterion: Criterion, rng: random.Random, quality: float) -> Any:
    good = rng.random() < quality
    if criterion.type == "yes_no":
        expected = criterion.expected or "yes"
        return expected if good else ("no" if expected == "yes" else "yes")
    if criterion.type in ("scale", "nps"):
        low, high = (criterion.min, criterion.max) if criterion.type == "scale" else (0, 10)
        target = quality + rng.uniform(-0.25, 0.2)
        return max(low, min(high, round(low + target * (high - low))))
    if criterion.type == "choice":
        ranked = sorted(criterion.options, key=lambda o: o.score, reverse=True)
        pick = ranked[0] if good else rng.choice(ranked)
        return pick.value
    if criterion.type == "number":
        bands = list(criterion.bands)
        band = max(bands, key=lambda b: b.score) if good else rng.choice(bands)
        if band.min is not None and band.max is not None:
            return round(rng.uniform(band.min, band.max), 1)
        if band.max is not None:
            return round(band.max * rng.uniform(0.5, 1.0), 1)
        if band.min is not None:
            return round(band.min * rng.uniform(1.0, 1.5) + 1, 1)
        return 0
    if criterion.type == "text":
        return rng.choice(OBSERVATIONS) if rng.random() < 0.5 else None
    return None


def demo_photo(title: str, place: str, rng: random.Random) -> bytes:
    """A 1200x900 JPEG that looks like a labelled evidence shot."""
    hue = rng.randint(0, 255)
    image = Image.new("RGB", (1200, 900), (hue, 120, 200 - hue // 2))
    draw = ImageDraw.Draw(image)
    for band in range(0, 900, 30):
        shade = (hue + band // 5) % 255
        draw.rectangle([0, band, 1200, band + 15], fill=(shade, 140, 180))
    draw.rectangle([60, 640, 1140, 860], fill=(255, 255, 255))
    draw.text((90, 680), title, fill=(20, 20, 20), font_size=56)
    draw.text((90, 770), place, fill=(80, 80, 80), font_size=40)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
