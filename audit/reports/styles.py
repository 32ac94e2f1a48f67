"""Branding, fonts, colours, paragraph styles and reportlab settings: the one place for them."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from . import language
from .data import DEFAULT_GRADES, GradeBand, ReportBranding

# Binary streams: ASCII85 only bloats files by 25 % and costs time to encode.
rl_config.useA85 = 0

log = logging.getLogger(__name__)

# The fonts shipped with the code first (Latin, Cyrillic and Arabic: fonts/README.md).
FONT_DIRS = (
    Path(__file__).resolve().parent / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/usr/share/fonts"),
    Path.home() / ".fonts",
)
_REGULAR, _BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

INK = colors.HexColor("#1d2433")
MUTED = colors.HexColor("#5b6475")
LINE = colors.HexColor("#d9dde5")
SOFT = colors.HexColor("#f4f6f9")
NO_SCORE = colors.HexColor("#9aa3b2")
FAIL_BG = colors.HexColor("#fdecea")
CRITICAL = colors.HexColor("#b3261e")
# Best band first; a checklist's bands are mapped onto this ramp.
SCORE_RAMP = ("#1b7f4b", "#5a9e3a", "#d08a00", "#c0392b")

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Fonts:
    """The registered font names; `unicode` is False on the Helvetica fallback."""

    regular: str
    bold: str
    unicode: bool


def _find_font(name: str, dirs: Iterable[Path]) -> Path | None:
    for folder in dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
        if folder.is_dir() and folder == Path("/usr/share/fonts"):
            found = next(folder.rglob(name), None)
            if found:
                return found
    return None


@functools.cache
def register_fonts(search_dirs: tuple[Path, ...] = FONT_DIRS) -> Fonts:
    """Register DejaVu Sans (regular and bold) once; Helvetica with a warning when missing."""
    regular, bold = _find_font(_REGULAR, search_dirs), _find_font(_BOLD, search_dirs)
    if regular is None or bold is None:
        log.warning("DejaVu Sans not found in %s: reports fall back to Helvetica", search_dirs)
        return Fonts("Helvetica", "Helvetica-Bold", unicode=False)
    try:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    except Exception:  # a corrupt font file must not break reports
        log.warning("could not load DejaVu Sans from %s: falling back to Helvetica", regular)
        return Fonts("Helvetica", "Helvetica-Bold", unicode=False)
    pdfmetrics.registerFontFamily(
        "DejaVuSans",
        normal="DejaVuSans",
        bold="DejaVuSans-Bold",
        italic="DejaVuSans",
        boldItalic="DejaVuSans-Bold",
    )
    return Fonts("DejaVuSans", "DejaVuSans-Bold", unicode=True)


def esc(text: object) -> str:
    """User text -> safe Paragraph markup: XML-escaped, line breaks kept, never markup."""
    return escape(str(text or "")).replace("\r\n", "\n").replace("\n", "<br/>")


def critical_tag(size: float | None = None) -> str:
    """'CRITICAL' in bold red markup, in the report's language."""
    font = f"<font color='#b3261e'{f' size={size!r}' if size else ''}>"
    return f"{font}<b>{esc(language.gettext('CRITICAL'))}</b></font>"


def quote(text: str, most: int = 120) -> str:
    """The start of a long text for a summary line (the full text is shown elsewhere)."""
    text = " ".join((text or "").split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def parse_color(value: str | None, default: str) -> colors.Color:
    """A '#rrggbb' colour, or the default when the value is anything else."""
    return colors.HexColor(value if value and _HEX.fullmatch(value) else default)


def luminance(color: colors.Color) -> float:
    """Relative luminance in [0, 1] (sRGB weights, good enough to pick a text colour)."""
    return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue


def text_on(color: colors.Color) -> colors.Color:
    """Ink on light backgrounds, white on dark ones."""
    return INK if luminance(color) > 0.6 else colors.white


def tint(color: colors.Color, amount: float) -> colors.Color:
    """Mix a colour with white: amount 0 = the colour, 1 = white."""
    return colors.Color(*(c + (1 - c) * amount for c in (color.red, color.green, color.blue)))


def fmt_score(score: float | None, suffix: str = "") -> str:
    """A percentage with one decimal ('87.5'; '87,5' in Russian), or an en dash."""
    return "–" if score is None else language.number(score) + suffix


def fmt_weight(weight: float | None) -> str:
    """A weight without a useless '.0', in the report's locale."""
    if weight is None:
        return "–"
    return language.plain_number(weight)


def fmt_dt(value: datetime | None, with_time: bool = True) -> str:
    """'12 Mar 2025, 14:05' in the report's locale (the time as given, with its zone)."""
    if value is None:
        return "–"
    return language.when(value, with_time)


def sorted_grades(grades: Sequence[Sequence]) -> list[GradeBand]:
    """Grade bands highest first (the checklist default when none are given)."""
    bands = [GradeBand(float(b[0]), str(b[1])) for b in grades] or list(DEFAULT_GRADES)
    return sorted(bands, key=lambda b: b.min, reverse=True)


def score_color(score: float | None, grades: Sequence[GradeBand]) -> colors.Color:
    """The colour of the grade band the score falls in (green best ... red worst)."""
    if score is None:
        return NO_SCORE
    bands = sorted_grades(grades)
    last = len(bands) - 1
    for i, band in enumerate(bands):
        if round(score + 1e-9, 1) >= band.min:
            step = 0 if last == 0 else round(i * (len(SCORE_RAMP) - 1) / last)
            return colors.HexColor(SCORE_RAMP[step])
    return colors.HexColor(SCORE_RAMP[-1])


@dataclass(frozen=True)
class Theme:
    """Colours, fonts, paragraph styles and paper of one report."""

    primary: colors.Color
    accent: colors.Color
    fonts: Fonts
    page_size: tuple[float, float]
    grades: tuple[GradeBand, ...]
    styles: dict[str, ParagraphStyle]

    def score_color(self, score: float | None) -> colors.Color:
        """Colour of a score under this report's grade bands."""
        return score_color(score, self.grades)

    def sym(self, unicode_symbol: str, ascii_symbol: str) -> str:
        """A symbol when the font has it, its ASCII stand-in on the Helvetica fallback."""
        return unicode_symbol if self.fonts.unicode else ascii_symbol


def _styles(fonts: Fonts, primary: colors.Color) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=12.5, textColor=INK)

    def make(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "small": make("small", fontSize=7.5, leading=10, textColor=MUTED),
        "cell": make("cell", fontSize=8, leading=10.5),
        "cell_muted": make("cell_muted", fontSize=8, leading=10.5, textColor=MUTED),
        "cell_right": make("cell_right", fontSize=8, leading=10.5, alignment=TA_RIGHT),
        "comment": make("comment", fontSize=7.5, leading=10, textColor=MUTED, leftIndent=6),
        "h1": make(
            "h1", fontName=fonts.bold, fontSize=20, leading=25, textColor=primary, spaceAfter=4
        ),
        "h2": make(
            "h2",
            fontName=fonts.bold,
            fontSize=12.5,
            leading=16,
            textColor=primary,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "h3": make("h3", fontName=fonts.bold, fontSize=10, leading=13, spaceAfter=3),
        "kicker": make(
            "kicker",
            fontName=fonts.bold,
            fontSize=7.5,
            leading=10,
            textColor=MUTED,
            alignment=TA_LEFT,
        ),
        "label": make("label", fontSize=7.5, leading=9.5, textColor=MUTED),
        "value": make("value", fontName=fonts.bold, fontSize=9.5, leading=12.5),
        "caption": make("caption", fontSize=7, leading=9, textColor=INK),
        "caption_time": make("caption_time", fontSize=6.5, leading=8.5, textColor=MUTED),
    }


def make_theme(branding: ReportBranding, grades: Sequence[Sequence] = DEFAULT_GRADES) -> Theme:
    """The theme of a report for this client's branding and the checklist's grade bands."""
    fonts = register_fonts()
    primary = parse_color(branding.primary_color, "#1f3a5f")
    accent = parse_color(branding.accent_color, "#f2a900")
    size = LETTER if (branding.page_size or "").strip().lower() == "letter" else A4
    return Theme(
        primary=primary,
        accent=accent,
        fonts=fonts,
        page_size=size,
        grades=tuple(sorted_grades(grades)),
        styles=_styles(fonts, primary),
    )
