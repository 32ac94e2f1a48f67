"""Fixtures for the PDF report tests: real JPEG photos, sample data, PDF parsing helpers."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import pytest
from pypdf import PdfReader

from audit.reports import ReportBranding
from audit.reports.sample import make_photos, sample_report

HOSTILE = "<font color=\"[[[__import__('os')]]]\">x</font>"


@pytest.fixture(scope="session")
def photos(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Seven real 800 px JPEGs."""
    return make_photos(tmp_path_factory.mktemp("photos"), 7)


@pytest.fixture(scope="session")
def logo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small PNG logo with transparency."""
    from PIL import Image, ImageDraw

    path = tmp_path_factory.mktemp("logo") / "logo.png"
    img = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse([10, 10, 90, 90], fill=(200, 30, 30, 255))
    img.save(path)
    return path


@pytest.fixture
def branding(logo: Path) -> ReportBranding:
    """Acme's branding with a logo."""
    return ReportBranding(
        "Acme Retail",
        "#0b5394",
        "#e69138",
        logo,
        "Acme footer – confidential",
        "A4",
        prepared_by="Northstar Audits",
    )


@pytest.fixture
def report_data(photos: list[Path], branding: ReportBranding):
    """A six-touchpoint audit with the seven photos."""
    return sample_report(photos, touchpoints=6, branding=branding)


def with_comment(data, comment: str):
    """The data with `comment` on the first criterion of the first touchpoint."""
    tp = data.touchpoints[0]
    first = replace(tp.criteria[0], comment=comment)
    tps = [replace(tp, criteria=[first, *tp.criteria[1:]]), *data.touchpoints[1:]]
    return replace(data, touchpoints=tps)


def pdf_reader(pdf: bytes) -> PdfReader:
    """Parse PDF bytes."""
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF."""
    return "\n".join(page.extract_text() for page in pdf_reader(pdf).pages)


def squash(text: str) -> str:
    """Text without any whitespace (extraction breaks lines where the layout wraps)."""
    return "".join(text.split())


def image_xobjects(pdf: bytes) -> set[int]:
    """Object numbers of the distinct image XObjects used on the pages."""
    found: set[int] = set()
    for page in pdf_reader(pdf).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                found.add(ref.idnum)
    return found


def outline_titles(pdf: bytes) -> list[str]:
    """Flattened outline titles."""
    out: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append(item.title)

    walk(pdf_reader(pdf).outline)
    return out


class Run(NamedTuple):
    """A piece of text as drawn: where it starts and at what size."""

    text: str
    x: float
    y: float
    size: float


def text_runs(page) -> list[Run]:
    """The non-blank text pieces of a page with their start points (page coordinates)."""
    found: list[Run] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Run(text.strip(), x, y, size))

    page.extract_text(visitor_text=visit)
    return found


def overlaps(runs: list[Run], font: str = "DejaVuSans") -> list[tuple[str, str]]:
    """Pairs of runs on the same line where the first one's ink reaches into the second."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    clashes = []
    for a in runs:
        end = a.x + stringWidth(a.text.splitlines()[0], font, a.size)
        for b in runs:
            if b is not a and abs(a.y - b.y) < 1 and a.x < b.x < end - 0.5:
                clashes.append((a.text, b.text))
    return clashes


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, squashed (extract once, search many times with `page_of`)."""
    return [squash(page.extract_text()) for page in pdf_reader(pdf).pages]


def page_of(pages: list[str], needle: str) -> int:
    """Index of the first of `page_texts` holding the (squashed) needle; -1 if none."""
    wanted = squash(needle)
    return next((i for i, text in enumerate(pages) if wanted in text), -1)


class PdfTools:
    """The helpers above, handed to tests as a fixture (no importing of conftest)."""

    with_comment = staticmethod(with_comment)
    reader = staticmethod(pdf_reader)
    text = staticmethod(pdf_text)
    squash = staticmethod(squash)
    images = staticmethod(image_xobjects)
    outline = staticmethod(outline_titles)
    runs = staticmethod(text_runs)
    overlaps = staticmethod(overlaps)
    page_of = staticmethod(page_of)
    pages = staticmethod(page_texts)


@pytest.fixture
def pdfs() -> type[PdfTools]:
    """The PDF helpers."""
    return PdfTools


@pytest.fixture
def hostile() -> str:
    """Markup that must come out of a report literally."""
    return HOSTILE
