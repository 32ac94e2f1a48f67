"""Organisations, branding, logo and locations (one by one and CSV) through the pages."""

from __future__ import annotations

import io

from sqlalchemy import select

from audit.extensions import db
from audit.models import Location, Organization
from tests.images import image_bytes


def test_create_organization_then_edit_branding(client, consultant):
    response = client.post(
        "/consultant/organizations/new",
        data={
            "name": "Acme Stores",
            "slug": "acme",
            "primary_color": "#112233",
            "accent_color": "#445566",
            "report_footer": "Confidential",
            "page_size": "Letter",
            "report_language": "ru",
        },
    )
    assert response.status_code == 302
    org = db.session.scalar(select(Organization).where(Organization.slug == "acme"))
    assert org.page_size == "Letter" and org.report_footer == "Confidential"
    assert org.report_language == "ru"
    assert "Русский" in client.get("/consultant/organizations/acme").get_data(as_text=True)
    response = client.post(
        "/consultant/organizations/acme/edit",
        data={
            "name": "Acme",
            "slug": "ignored",
            "primary_color": "#000000",
            "accent_color": "#ffffff",
            "report_footer": "",
            "page_size": "A4",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    org = db.session.get(Organization, org.id)
    assert (org.name, org.slug, org.primary_color, org.page_size) == (
        "Acme",
        "acme",
        "#000000",
        "A4",
    )


def test_bad_branding_is_shown_on_the_form_and_nothing_changes(client, consultant, world):
    response = client.post(
        "/consultant/organizations/acme/edit",
        data={
            "name": "Renamed",
            "primary_color": "blue",
            "accent_color": "#ffffff",
            "page_size": "A3",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "A colour like #1f3a5f." in page and "Renamed" in page
    db.session.expire_all()
    assert db.session.get(Organization, world["org"].id).name == "Acme Stores"


def test_duplicate_slug_is_refused_on_the_field(client, consultant, world):
    response = client.post(
        "/consultant/organizations/new",
        data={
            "name": "Other",
            "slug": "acme",
            "primary_color": "#112233",
            "accent_color": "#445566",
            "page_size": "A4",
        },
    )
    assert response.status_code == 422
    assert "already taken" in response.get_data(as_text=True)


def test_logo_upload_good_then_bad_keeps_the_good_one(client, consultant, world):
    response = client.post(
        "/consultant/organizations/acme/logo",
        data={"logo": (io.BytesIO(image_bytes("PNG", (200, 80))), "logo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    first = db.session.get(Organization, world["org"].id).logo_sha256
    assert first
    shown = client.get("/consultant/organizations/acme/logo.jpg")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    shown.close()
    response = client.post(
        "/consultant/organizations/acme/logo",
        data={"logo": (io.BytesIO(b"<svg>not an image</svg>"), "logo.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "The logo must be a PNG or JPEG image." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Organization, world["org"].id).logo_sha256 == first
    client.post("/consultant/organizations/acme/logo/remove")
    db.session.expire_all()
    assert db.session.get(Organization, world["org"].id).logo_sha256 is None


def test_add_and_edit_a_location(client, consultant, world):
    response = client.post(
        "/consultant/organizations/acme/locations/new",
        data={
            "name": "Paris Opéra",
            "code": "PA1",
            "city": "Paris",
            "country": "FR",
            "region": "IDF",
            "address": "1 rue X",
        },
    )
    assert response.status_code == 302
    loc = db.session.scalar(select(Location).where(Location.code == "PA1"))
    assert loc.region == "IDF"
    dup = client.post(f"/consultant/locations/{loc.id}/edit", data={"name": "Paris", "code": "LY1"})
    assert dup.status_code == 422 and "already used" in dup.get_data(as_text=True)
    ok = client.post(f"/consultant/locations/{loc.id}/edit", data={"name": "Paris", "code": ""})
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(Location, loc.id).code is None


def _import(client, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        "/consultant/organizations/acme/locations/import",
        data={"file": (io.BytesIO(data), "locations.csv")},
        content_type="multipart/form-data",
    )


def _codes():
    db.session.expire_all()
    return sorted(c or "" for c in db.session.scalars(select(Location.code)))


def test_csv_import_of_locations(client, consultant, world):
    response = _import(
        client,
        "\ufeffName;Code;City;Country;Region\nNice;NI1;Nice;FR;PACA\n\nLille;LI1;Lille;FR;HDF\n",
    )
    assert response.status_code == 302
    assert _codes() == ["LI1", "LY1", "NI1"]


def test_csv_with_bad_rows_imports_nothing_and_says_where(client, consultant, world):
    text = (
        "name,code,city\n"
        "Nice,NI1,Nice\n"  # line 2 fine
        ",NI2,Nowhere\n"  # line 3: no name
        "Lyon bis,LY1,Lyon\n"  # line 4: code exists
        "Nice bis,NI1,Nice\n"  # line 5: duplicate in file
        "Too,many,cells,here\n"  # line 6
    )
    response = _import(client, text)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page
    for line, words in [
        (3, "is empty"),
        (4, "already exists"),
        (5, "also on line 2"),
        (6, "4 cells"),
    ]:
        assert f"<td>{line}</td>" in page and words in page
    assert _codes() == ["LY1"]


def test_csv_shape_problems(client, consultant, world):
    assert "unknown column" in _import(client, "name,colour\nX,red\n").get_data(as_text=True)
    assert "missing column" in _import(client, "code\nX\n").get_data(as_text=True)
    assert "the file is empty" in _import(client, "").get_data(as_text=True)
    assert "no rows" in _import(client, "name\n").get_data(as_text=True)
    assert "not a CSV text file" in _import(client, b"name\n\xff\xfe\x00bad").get_data(as_text=True)
    assert _codes() == ["LY1"]
