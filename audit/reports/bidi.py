"""Arabic for reportlab: joined letter forms (arabic-reshaper) and visual order (python-bidi).

reportlab draws the characters of a string left to right as given, with one glyph per
character. Arabic therefore has to arrive (1) shaped: each letter replaced by its
initial, medial, final or isolated presentation form, lam-alef as its ligature; and
(2) in visual order: the Unicode bidirectional algorithm applied to each LINE, after the
line breaking (which must see the logical order). Shaping first keeps the widths that
line breaking measures equal to what is drawn.

`shape` is for text that is still to be broken into lines (a Paragraph's markup, the
input of `wrap_lines`); `visual` is for one line that is drawn as it is; `visual_runs`
reorders a line made of differently styled pieces (a Paragraph line with bold parts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.ligatures import LIGATURES
from bidi import algorithm as _uba
from bidi import get_display

T = TypeVar("T")

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Direction marks (in locale formats, or added here): no glyph to draw, never drawn.
_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_INPUT_MARKS = re.compile("[\u200e\u061c\u202a-\u202e\u2066-\u2069]")
# The reports join facts with a middle dot ("الجولة 2025-Q1 · Retail store visit · 3
# تقييمات"): in right-to-left text each fact keeps its place between right-to-left marks,
# else a Latin fact and the numbers beside it would run together left to right.
_SEPARATOR = re.compile(r"\s*·\s*")
_RLM = "\u200f"


def _prepare(text: str, rtl: bool) -> str:
    """Shaped, numbers and codes embedded left to right, separators kept (in Arabic)."""
    text = _embed_ltr(shape(_INPUT_MARKS.sub("", text)))
    if rtl and "·" in text:
        text = _SEPARATOR.sub(lambda m: f"{_RLM}{m.group(0)}{_RLM}", text)
    return text


# Characters drawn mirrored in right-to-left runs. python-bidi's fast (Rust) algorithm
# does not mirror them, so a line holding one takes the pure-Python one (`visual_runs`).
_MIRRORED = re.compile("[()\\[\\]{}<>\u00ab\u00bb\u2039\u203a]")
# Only the lam-alef ligatures: they are obligatory in Arabic, and the embedded font has
# them; the optional ones (Allah, salla, ...) would be missing glyphs.
_LAM_ALEF = {
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
}
_RESHAPER = ArabicReshaper(
    configuration={
        "support_ligatures": True,
        # Diacritics (harakat) would be drawn without mark positioning: business text
        # is written without them, and a stray one is dropped rather than misplaced.
        "delete_harakat": True,
        **{name: name in _LAM_ALEF for name, _ in LIGATURES},
    }
)


# A number, code or Latin word with digits ("87.5%", "+3.0", "2025-Q1", "14:05"): kept
# left to right inside Arabic (an embedding), as Arabic readers write them.
_LTR_TOKEN = re.compile(r"[+\-−]?[0-9A-Za-z][0-9A-Za-z.,:/%+\-_]*[0-9A-Za-z%]|[0-9]")
_LRE, _PDF = "\u202a", "\u202c"


def _embed_ltr(text: str) -> str:
    """Wrap the numbers and codes of a text holding Arabic in left-to-right embeddings."""

    def wrap(match: re.Match[str]) -> str:
        token = match.group(0)
        return f"{_LRE}{token}{_PDF}" if any(ch.isdigit() for ch in token) else token

    return _LTR_TOKEN.sub(wrap, text)


def has_rtl(text: str) -> bool:
    """True when the text holds right-to-left letters (Arabic, Hebrew...)."""
    return bool(_RTL.search(text))


def shape(text: str) -> str:
    """Arabic letters in their joined presentation forms, still in logical order."""
    if not text or not _ARABIC.search(text):
        return text
    return _RESHAPER.reshape(text)


def visual(text: str, rtl: bool, in_paragraph: bool = False) -> str:
    """One line, shaped and in the order it is drawn (left to right) on a page.

    `rtl` is the paragraph direction. A text without Arabic drawn on its own (a label, a
    number, a code) is drawn as written; a line of a right-to-left paragraph
    (`in_paragraph`) takes the paragraph's direction: the full stop that ends it goes left.
    """
    text = text or ""
    if not has_rtl(text) and not (rtl and in_paragraph):
        return _MARKS.sub("", text)
    if _MIRRORED.search(text):
        return "".join(t for _, t in visual_runs([(None, text)], rtl))
    return _MARKS.sub("", get_display(_prepare(text, rtl), base_dir="R" if rtl else "L"))


def visual_runs(runs: Sequence[tuple[T, str]], rtl: bool) -> list[tuple[T, str]]:
    """Styled pieces of one line -> pieces in drawing order (bidi over the whole line).

    Each piece keeps its style (`T`), and is split where the algorithm moves part of it.
    """
    runs = [(style, _prepare(t, rtl)) for style, t in runs]
    text = "".join(t for _, t in runs)
    if not rtl and not has_rtl(text):
        return [(style, _MARKS.sub("", t)) for style, t in runs]
    owner = [i for i, (_, t) in enumerate(runs) for _ in t]
    storage = _uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    _uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index  # follows the character through the reordering
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    out: list[tuple[T, str]] = []
    last = -1
    for char in storage["chars"]:
        if _MARKS.match(char["ch"]):
            continue  # a mark: it ordered the line, it is not drawn
        source = owner[char["index"]]
        if source == last:
            out[-1] = (out[-1][0], out[-1][1] + char["ch"])
        else:
            out.append((runs[source][0], char["ch"]))
        last = source
    return out
