"""The consultant sets a location's time zone and whether clients see auditors' names."""

from __future__ import annotations

import io

from sqlalchemy import select

from audit.extensions import db
from audit.models import Location, Organization


def test_organization_form_sets_show_auditor_names(client, consultant, world):
    page = client.get("/consultant/organizations/acme/edit").get_data(as_text=True)
    assert 'name="show_auditor_names"' in page
    assert not world["org"].show_auditor_names  # the default: pseudonyms
    branding = {"name": "Acme", "primary_color": "#000000", "accent_color": "#ffffff"}
    branding["page_size"] = "A4"
    response = client.post(
        "/consultant/organizations/acme/edit", data={**branding, "show_auditor_names": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organization, world["org"].id).show_auditor_names is True
    client.post("/consultant/organizations/acme/edit", data=branding)  # unticked
    db.session.expire_all()
    assert db.session.get(Organization, world["org"].id).show_auditor_names is False


def test_location_form_offers_and_saves_a_time_zone(client, consultant, world):
    page = client.get("/consultant/organizations/acme/locations/new").get_data(as_text=True)
    assert '<option value="Asia/Dubai">' in page
    response = client.post(
        "/consultant/organizations/acme/locations/new",
        data={"name": "Dubai Mall", "code": "DXB", "timezone": "Asia/Dubai"},
    )
    assert response.status_code == 302
    dubai = db.session.scalar(select(Location).where(Location.code == "DXB"))
    assert dubai.timezone == "Asia/Dubai"
    bad = client.post(
        f"/consultant/locations/{dubai.id}/edit",
        data={"name": "Dubai Mall", "code": "DXB", "timezone": "Mars/Olympus"},
    )
    assert bad.status_code == 422
    db.session.expire_all()
    assert db.session.get(Location, dubai.id).timezone == "Asia/Dubai"


def test_csv_import_reads_an_optional_timezone_column(client, consultant, world):
    def upload(text: str):
        return client.post(
            "/consultant/organizations/acme/locations/import",
            data={"file": (io.BytesIO(text.encode()), "locations.csv")},
            content_type="multipart/form-data",
        )

    bad = upload("name,code,timezone\nMoscow,MO1,Europe/Moscow\nDubai,DX1,Gulf/Dubai\n")
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "<td>3</td>" in page and "unknown time zone “Gulf/Dubai”" in page
    assert upload("name,code,timezone\nMoscow,MO1,Europe/Moscow\nNice,NI1,\n").status_code == 302
    zones = dict(db.session.execute(select(Location.code, Location.timezone)).all())
    assert zones["MO1"] == "Europe/Moscow" and zones["NI1"] == "UTC"
