"""The report rendered to pixels (pdftoppm), as a person sees it: the cover carries the
client's brand colour and the pages are not blank."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image

from audit.reports import build_audit_report


@pytest.fixture(scope="module")
def pdftoppm() -> str:
    path = shutil.which("pdftoppm")
    if path is None:
        pytest.skip("Rendering tests need pdftoppm: `sudo apt-get install poppler-utils`.")
    return path


def render(pdftoppm: str, pdf: bytes, folder, pages: int) -> list[Image.Image]:
    source = folder / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-r", "40", "-png", "-f", "1", "-l", str(pages), str(source), str(folder / "p")],
        check=True,
        timeout=60,
    )
    return [Image.open(path).convert("RGB") for path in sorted(folder.glob("p-*.png"))]


def share_of(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 12) -> float:
    """Fraction of pixels within `tolerance` of a colour."""
    pixels = list(image.get_flattened_data())
    close = sum(
        1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, rgb, strict=True))
    )
    return close / len(pixels)


def test_cover_is_in_the_client_colour_and_pages_have_content(pdftoppm, report_data, tmp_path):
    pages = render(pdftoppm, build_audit_report(report_data), tmp_path, 3)
    assert len(pages) == 3
    brand = (0x0B, 0x53, 0x94)  # the branding fixture's primary colour
    assert share_of(pages[0], brand) > 0.05
    for page in pages:
        assert share_of(page, (255, 255, 255), tolerance=3) < 0.97  # not a blank page
