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


AUDIT_LINK = 'href="/consultant/audits/{audit}"'
# Each page and what it must show to prove it works (its data, or its form's fields).
PAGES = {
    "/consultant/": [AUDIT_LINK],
    "/consultant/organizations": ['href="/consultant/organizations/acme"', "Acme Stores"],
    "/consultant/organizations?q=acm": ['href="/consultant/organizations/acme"'],
    "/consultant/organizations/new": ['name="slug"', 'name="name"'],
    "/consultant/organizations/acme": ["Acme Stores", "Lyon Part-Dieu", "LY1"],
    "/consultant/organizations/acme/edit": ['value="Acme Stores"'],
    "/consultant/organizations/acme/locations/new": ["Acme Stores", 'name="code"'],
    "/consultant/locations/{location}/edit": ['value="Lyon Part-Dieu"', 'value="LY1"'],
    "/consultant/users": ["ann@example.test", "{client_email}"],
    "/consultant/users?role=client&organization=acme": ["{client_email}"],
    "/consultant/users/new": ['name="email"', 'name="role"'],
    "/consultant/users/new?organization=acme": ['name="email"', 'selected value="acme"'],
    "/consultant/checklists": ['href="/consultant/checklists/shop"', "Small store visit"],
    "/consultant/checklists/new": ['name="source"'],
    "/consultant/checklists/shop": ["Small store visit", "Was the shopper greeted?"],
    "/consultant/checklists/shop?version=1": ["Small store visit", "Was the shopper greeted?"],
    "/consultant/checklists/shop/edit": ["id: shop", "Was the shopper greeted?"],
    "/consultant/checklists/shop/diff": ["Small store visit"],
    "/consultant/checklists/shop.yaml": ["id: shop", "key: greeted"],
    "/consultant/audits": [AUDIT_LINK],
    "/consultant/audits?status=submitted&organization=acme&wave=2026+Q4&page=1": [AUDIT_LINK],
    "/consultant/audits/new": ["Lyon Part-Dieu", "Ann Auditor", "Small store visit"],
    "/consultant/audits/new?location={location}": ['selected value="{location}"'],
    "/consultant/review": [AUDIT_LINK],
    "/consultant/audits/{audit}": ["Lyon Part-Dieu", "Was the shopper greeted?", "Ann Auditor"],
}


@pytest.mark.parametrize("path", PAGES)
def test_page_renders(client, consultant, filled, path):
    values = {
        "location": filled["location"].id,
        "audit": filled["audit"].id,
        "client_email": filled["client_user"].email,
    }
    response = client.get(path.format(**values))
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:2000]
    for needle in PAGES[path]:
        assert needle.format(**values) in page, needle


def test_home_shows_counts_and_queue(client, consultant, filled):
    page = client.get("/consultant/").get_data(as_text=True)
    assert f"/consultant/audits/{filled['audit'].id}" in page
    assert "Review" in page and "Checklists" in page  # the nav
