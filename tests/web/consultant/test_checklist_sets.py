"""A client organisation's own checklists: edited on its page, enforced when assigning."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from audit.extensions import db
from audit.models import Audit, Organization
from tests.factories import SMALL_CHECKLIST


@pytest.fixture
def bank(factory):
    """A second checklist, `bank`, besides the world's `shop`."""
    return factory.checklist(SMALL_CHECKLIST.format(slug="bank").replace("Small store", "Bank"))


def _set_of(slug: str) -> list[str]:
    db.session.expire_all()
    org = db.session.scalar(select(Organization).where(Organization.slug == slug))
    return [c.slug for c in org.checklists]


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Audit.id)))


def _limit_acme_to_shop(client) -> None:
    response = client.post("/consultant/organizations/acme/checklists", data={"checklists": "shop"})
    assert response.status_code == 302


def test_organisation_page_edits_the_set(client, consultant, world, bank):
    page = client.get("/consultant/organizations/acme").get_data(as_text=True)
    assert 'name="checklists" value="shop"' in page and 'name="checklists" value="bank"' in page
    assert "checked" not in page[page.index('id="checklists"') : page.index('id="locations"')]
    saved = client.post(
        "/consultant/organizations/acme/checklists",
        data={"checklists": ["shop", "bank"]},
        follow_redirects=True,
    )
    assert "offered 2 checklist(s)" in saved.get_data(as_text=True)
    assert _set_of("acme") == ["bank", "shop"]
    _limit_acme_to_shop(client)
    assert _set_of("acme") == ["shop"]
    page = client.get("/consultant/organizations/acme").get_data(as_text=True)
    assert 'value="shop" checked' in page and 'value="bank" checked' not in page
    cleared = client.post(
        "/consultant/organizations/acme/checklists", data={}, follow_redirects=True
    )
    assert "offered every checklist" in cleared.get_data(as_text=True)
    assert _set_of("acme") == []


def test_an_unknown_checklist_leaves_the_set_alone(client, consultant, world):
    _limit_acme_to_shop(client)
    refused = client.post(
        "/consultant/organizations/acme/checklists",
        data={"checklists": ["shop", "ghost"]},
        follow_redirects=True,
    )
    assert "no checklist “ghost”" in refused.get_data(as_text=True)
    assert _set_of("acme") == ["shop"]


def test_assign_form_for_a_client_offers_only_its_checklists_and_locations(
    client, consultant, world, bank, factory
):
    factory.location(factory.organization("globex"), name="London City")
    _limit_acme_to_shop(client)
    page = client.get("/consultant/audits/new?organization=acme").get_data(as_text=True)
    assert 'value="shop"' in page and 'value="bank"' not in page
    assert "Lyon Part-Dieu" in page and "London City" not in page
    from_location = client.get(f"/consultant/audits/new?location={world['location'].id}")
    assert 'value="bank"' not in from_location.get_data(as_text=True)
    everyone = client.get("/consultant/audits/new").get_data(as_text=True)
    assert 'value="bank"' in everyone and "London City" in everyone


def test_assigning_a_checklist_outside_the_set_is_refused(client, consultant, world, bank):
    _limit_acme_to_shop(client)
    order = {"location": str(world["location"].id), "auditor": "ann@example.test"}
    response = client.post("/consultant/audits/new", data={**order, "checklist": "bank"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "“bank” is not one of the checklists of Acme Stores (shop)" in page
    assert _count() == 0
    allowed = client.post("/consultant/audits/new", data={**order, "checklist": "shop"})
    assert allowed.status_code == 302 and _count() == 1


def test_api_answers_422_for_a_checklist_outside_the_set(api, consultant, world, bank, client):
    _limit_acme_to_shop(client)
    body = {"checklist": "bank", "location": world["location"].id, "auditor": "ann@example.test"}
    response = api(consultant).post("/audits", json=body)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    assert details == [
        {
            "field": "checklist",
            "message": "“bank” is not one of the checklists of Acme Stores (shop).",
        }
    ]
    assert _count() == 0
    assert api(consultant).post("/audits", json={**body, "checklist": "shop"}).status_code == 201


def test_csv_rows_outside_the_set_assign_nothing(client, consultant, world, bank):
    _limit_acme_to_shop(client)
    text = (
        "checklist,auditor,organization,location_code\n"
        "shop,ann@example.test,acme,LY1\n"
        "bank,ann@example.test,acme,LY1\n"
    )
    response = client.post(
        "/consultant/audits/import",
        data={"file": (io.BytesIO(text.encode()), "wave.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<td>3</td>" in page and "is not one of the checklists of Acme Stores" in page
    assert _count() == 0


def test_an_organisation_without_a_set_is_offered_every_checklist(api, consultant, world, bank):
    body = {"checklist": "bank", "location": world["location"].id, "auditor": "ann@example.test"}
    assert api(consultant).post("/audits", json=body).status_code == 201
