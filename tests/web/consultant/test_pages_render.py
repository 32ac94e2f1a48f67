"""Every consultant page renders for a consultant (with data in it)."""

from __future__ import annotations

import pytest


@pytest.fixture
def filled(world, factory):
    audit = factory.audit(
        auditor=world["auditor"],
        location=world["location"],
        version=world["version"],
        status="submitted",
        answers={"greeted": "no", "wait": 3},
        wave="2026 Q4",
    )
    client_user = factory.user("client", organization=world["org"])
    return {**world, "audit": audit, "client_user": client_user}


PAGES = [
    "/consultant/",
    "/consultant/organizations",
    "/consultant/organizations?q=acm",
    "/consultant/organizations/new",
    "/consultant/organizations/acme",
    "/consultant/organizations/acme/edit",
    "/consultant/organizations/acme/locations/new",
    "/consultant/locations/{location}/edit",
    "/consultant/users",
    "/consultant/users?role=client&organization=acme",
    "/consultant/users/new",
    "/consultant/users/new?organization=acme",
    "/consultant/checklists",
    "/consultant/checklists/new",
    "/consultant/checklists/shop",
    "/consultant/checklists/shop?version=1",
    "/consultant/checklists/shop/edit",
    "/consultant/checklists/shop/diff",
    "/consultant/checklists/shop.yaml",
    "/consultant/audits",
    "/consultant/audits?status=submitted&organization=acme&wave=2026+Q4&page=1",
    "/consultant/audits/new",
    "/consultant/audits/new?location={location}",
    "/consultant/review",
    "/consultant/audits/{audit}",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders(client, consultant, filled, path):
    url = path.format(location=filled["location"].id, audit=filled["audit"].id)
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]


def test_home_shows_counts_and_queue(client, consultant, filled):
    page = client.get("/consultant/").get_data(as_text=True)
    assert f"/consultant/audits/{filled['audit'].id}" in page
    assert "Review" in page and "Checklists" in page  # the nav
