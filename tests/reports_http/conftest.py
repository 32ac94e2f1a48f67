"""Fixtures for the report, summary and export HTTP tests: stored photos, PDF parsing."""

from __future__ import annotations

import io
import random

import pytest
from flask import current_app
from pypdf import PdfReader

from audit.extensions import db
from audit.models import Answer, Photo
from audit.photos import FilesystemPhotoStorage, ingest_photo
from tests.factories import SMALL_ANSWERS, Factory

HOSTILE = "<font color=\"[[[__import__('os')]]]\">x</font>"


def jpeg_bytes(seed: int, size: tuple[int, int] = (640, 480)) -> bytes:
    """A small real JPEG with some texture, different for each seed."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new("RGB", size, tuple(rng.randrange(40, 220) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.rectangle([x, y, x + 80, y + 60], fill=tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class Evidence:
    """Attach stored photos and comments to an audit, as the auditor's uploads would."""

    def __init__(self, factory: Factory) -> None:
        self._factory = factory

    def photo(self, audit, touchpoint: str, caption: str = "", seed: int = 1) -> Photo:
        storage = FilesystemPhotoStorage(current_app.config["PHOTO_STORAGE_PATH"])
        stored = ingest_photo(jpeg_bytes(seed), storage)
        return self._factory.photo(
            audit,
            touchpoint,
            caption=caption,
            sha256=stored.sha256,
            width=stored.width,
            height=stored.height,
            byte_size=stored.byte_size,
        )

    def comment(self, audit, key: str, text: str) -> None:
        answer = db.session.scalar(
            db.select(Answer).where(Answer.audit_id == audit.id, Answer.criterion_key == key)
        )
        answer.comment = text
        db.session.commit()


@pytest.fixture
def evidence(factory) -> Evidence:
    """Photos and comments on audits."""
    return Evidence(factory)


@pytest.fixture
def world(factory):
    """Two organisations with a client each, published and unpublished audits."""
    from datetime import UTC, datetime

    acme = factory.organization("acme", name="Acme Retail")
    globex = factory.organization("globex", name="Globex Stores")
    version = factory.checklist()

    def audit(location, status="published", **answers):
        return factory.audit(
            location=location,
            version=version,
            status=status,
            answers={**SMALL_ANSWERS, **answers},
            visited_at=datetime(2025, 3, 12, 14, 5, tzinfo=UTC),
            wave="2025-Q1",
        )

    audits = {
        "acme_pub": audit(factory.location(acme, name="Acme Lyon", region="South")),
        "acme_draft": audit(
            factory.location(acme, name="Acme Hidden Draft"), "approved", greeted="no"
        ),
        "globex_pub": audit(factory.location(globex, name="Globex Berlin"), wait=12),
    }
    users = {
        "consultant": factory.user("consultant"),
        "auditor": audits["acme_pub"].auditor,
        "acme": factory.user("client", organization=acme),
        "globex": factory.user("client", organization=globex),
    }
    return users, audits


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF."""
    assert pdf.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def image_count(pdf: bytes) -> int:
    """Distinct image XObjects drawn on the pages."""
    found: set[int] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page.get("/Resources", {}).get("/XObject", {}).values():
            if ref.get_object().get("/Subtype") == "/Image":
                found.add(ref.idnum)
    return len(found)


class Pdfs:
    """PDF helpers handed to tests as a fixture."""

    text = staticmethod(pdf_text)
    images = staticmethod(image_count)
    reader = staticmethod(lambda pdf: PdfReader(io.BytesIO(pdf)))
    hostile = HOSTILE

    @staticmethod
    def squash(text: str) -> str:
        return "".join(text.split())


@pytest.fixture
def pdfs() -> type[Pdfs]:
    """The PDF helpers."""
    return Pdfs
