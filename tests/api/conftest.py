"""Helpers for the API tests: images and a consultant's API client."""

from __future__ import annotations

import pytest

from tests import images


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (120, 60)) -> bytes:
    """A small real image of `kind` (PNG, JPEG, WEBP)."""
    return images.image_bytes(kind, size, (31, 58, 95))


@pytest.fixture
def consultant(factory):
    """A consultant user."""
    return factory.user("consultant")


@pytest.fixture
def as_consultant(api, consultant):
    """The API as a consultant."""
    return api(consultant)
