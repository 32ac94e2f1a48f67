"""Organisations, logos and locations through the JSON API."""

from __future__ import annotations

from audit.extensions import db
from audit.models import Organization
from tests.api.conftest import image_bytes


def test_create_and_list_organizations(as_consultant):
    response = as_consultant.post(
        "/organizations", json={"name": "Acme", "slug": "acme", "primary_color": "#112233"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] and body["slug"] == "acme" and body["primary_color"] == "#112233"
    listing = as_consultant.get("/organizations").get_json()
    assert listing["total"] == 1 and listing["items"][0]["slug"] == "acme"
    assert listing["page"] == 1


def test_create_organization_problems_are_422_and_duplicates_409(as_consultant, factory):
    factory.organization("acme")
    response = as_consultant.post(
        "/organizations", json={"name": "", "slug": "Not A Slug", "accent_color": "red"}
    )
    assert response.status_code == 422
    fields = {d["field"] for d in response.get_json()["error"]["details"]}
    assert fields == {"name"}  # required fields first
    response = as_consultant.post(
        "/organizations", json={"name": "X", "slug": "Not A Slug", "accent_color": "red"}
    )
    assert {d["field"] for d in response.get_json()["error"]["details"]} == {
        "slug",
        "accent_color",
    }
    response = as_consultant.post("/organizations", json={"name": "Again", "slug": "acme"})
    assert response.status_code == 409
    assert as_consultant.post("/organizations", data="nope").status_code == 400


def test_logo_upload_validates_by_content_and_keeps_the_old_one(as_consultant, factory):
    org = factory.organization("acme")
    response = as_consultant.put("/organizations/acme/logo", data=image_bytes("PNG"))
    assert response.status_code == 200
    assert response.get_json()["has_logo"] is True
    db.session.expire_all()
    first = db.session.get(Organization, org.id).logo_sha256
    assert first
    for bad in (b"GIF89a not a png", image_bytes("WEBP"), image_bytes("PNG")[:60]):
        response = as_consultant.put("/organizations/acme/logo", data=bad)
        assert response.status_code == 422, bad[:10]
        assert response.get_json()["error"]["details"][0]["field"] == "logo"
    assert as_consultant.put("/organizations/acme/logo", data=b"").status_code == 400
    db.session.expire_all()
    assert db.session.get(Organization, org.id).logo_sha256 == first
    assert as_consultant.put("/organizations/nope/logo", data=image_bytes()).status_code == 404
    jpeg = as_consultant.put("/organizations/acme/logo", data=image_bytes("JPEG"))
    assert jpeg.status_code == 200


def test_locations_create_and_list(as_consultant, factory):
    factory.organization("acme")
    response = as_consultant.post(
        "/organizations/acme/locations",
        json={"name": "Lyon Part-Dieu", "code": "LY1", "city": "Lyon", "country": "FR"},
    )
    assert response.status_code == 201
    assert response.get_json()["organization"] == "acme"
    assert response.get_json()["id"]
    again = as_consultant.post("/organizations/acme/locations", json={"name": "X", "code": "LY1"})
    assert again.status_code == 409
    bad = as_consultant.post("/organizations/acme/locations", json={"name": "X", "city": 3})
    assert bad.status_code == 422
    assert bad.get_json()["error"]["details"] == [{"field": "city", "message": "must be text"}]
    assert as_consultant.post("/organizations/acme/locations", json={}).status_code == 422
    listing = as_consultant.get("/organizations/acme/locations").get_json()
    assert [loc["code"] for loc in listing["items"]] == ["LY1"]


def test_client_reads_own_locations_only(api, factory):
    acme, globex = factory.organization("acme"), factory.organization("globex")
    factory.location(acme, name="Acme One")
    factory.location(globex, name="Globex One")
    client_user = factory.user("client", organization=acme)
    as_client = api(client_user)
    own = as_client.get("/organizations/acme/locations")
    assert own.status_code == 200
    assert [loc["name"] for loc in own.get_json()["items"]] == ["Acme One"]
    assert as_client.get("/organizations/globex/locations").status_code == 404
    assert as_client.get(f"/organizations/{globex.id}/locations").status_code == 404
    assert as_client.post("/organizations/acme/locations", json={"name": "X"}).status_code == 403


def test_report_language_and_paper_settings(as_consultant):
    response = as_consultant.post(
        "/organizations",
        json={"name": "Gulf", "slug": "gulf", "report_language": "ar", "paper": "Letter"},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["report_language"] == "ar"
    assert body["paper"] == body["page_size"] == "Letter"
    response = as_consultant.post(
        "/organizations",
        json={"name": "X", "slug": "x", "report_language": "fr", "paper": "A3"},
    )
    assert response.status_code == 422
    fields = {d["field"] for d in response.get_json()["error"]["details"]}
    assert fields == {"report_language", "paper"}
