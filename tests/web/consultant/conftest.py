"""A signed-in consultant and a small world to work on."""

from __future__ import annotations

import pytest


@pytest.fixture
def consultant(factory, auth):
    """A consultant, signed in on the test client."""
    user = factory.user("consultant", name="Cora Consultant")
    auth.login(user.email)
    return user


@pytest.fixture
def world(factory):
    """An organisation with a location, an auditor and a checklist."""
    org = factory.organization("acme", name="Acme Stores")
    return {
        "org": org,
        "location": factory.location(org, name="Lyon Part-Dieu", code="LY1"),
        "auditor": factory.user("auditor", email="ann@example.test", name="Ann Auditor"),
        "version": factory.checklist(slug="shop"),
    }
