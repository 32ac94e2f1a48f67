"""The consultant's integrity pages: thresholds, coordinates, flags on the review page and
in the queue, dismissing, and the rotation warning when assigning."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from audit.extensions import db
from audit.models import AuditFlag, Location, Organization
from tests.html import region

BRANDING = {"name": "Acme Stores", "primary_color": "#112233", "accent_color": "#445566"}


def _flagged(factory, world, kind="no_checkin", **evidence):
    audit = factory.audit(
        auditor=world["auditor"],
        location=world["location"],
        version=world["version"],
        status="submitted",
        submitted_at=datetime.now(UTC),
    )
    db.session.add(AuditFlag(audit=audit, kind=kind, severity="warning", evidence=evidence))
    audit.open_flags = 1
    db.session.commit()
    return audit


def test_thresholds_are_saved_on_the_organisation_page(client, consultant, world):
    form = {
        **BRANDING,
        "page_size": "A4",
        "checkin_radius_m": "150",
        "min_visit_minutes": "12",
        "photo_time_tolerance_h": "1.5",
        "duplicate_photo_distance": "4",
        "score_outlier_points": "25",
    }
    assert client.get("/consultant/organizations/acme/edit").status_code == 200
    assert client.post("/consultant/organizations/acme/edit", data=form).status_code == 302
    db.session.expire_all()
    org = db.session.get(Organization, world["org"].id)
    assert (org.checkin_radius_m, org.min_visit_minutes, org.photo_time_tolerance_h) == (
        150,
        12,
        1.5,
    )
    assert (org.duplicate_photo_distance, org.score_outlier_points) == (4, 25)

    response = client.post(
        "/consultant/organizations/acme/edit", data={**form, "duplicate_photo_distance": "9"}
    )
    assert response.status_code == 422
    assert "from 0 to 7" in response.get_data(as_text=True)


def test_coordinates_are_pasted_on_the_location_form(client, consultant, world):
    location = world["location"]
    url = f"/consultant/locations/{location.id}/edit"
    response = client.post(url, data={"name": "Lyon", "coordinates": "45.7606, 4.8597"})
    assert response.status_code == 302
    db.session.expire_all()
    location = db.session.get(Location, location.id)
    assert (location.latitude, location.longitude) == (45.7606, 4.8597)
    assert "45.7606, 4.8597" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"name": "Lyon", "coordinates": "45.76, 400"})
    assert response.status_code == 422
    assert "from -180 to 180 degrees" in response.get_data(as_text=True)


def test_csv_import_with_coordinates_says_which_line_is_wrong(client, consultant, world):
    text = "name,latitude,longitude\nNice,43.7,7.26\nLille,north,3.06\nBrest,48.39,\n"
    response = client.post(
        "/consultant/organizations/acme/locations/import",
        data={"file": (io.BytesIO(text.encode()), "l.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<td>3</td>" in page and "<td>4</td>" in page and "a number" in page
    ok = "name,latitude,longitude\nNice,43.7,7.26\n"
    client.post(
        "/consultant/organizations/acme/locations/import",
        data={"file": (io.BytesIO(ok.encode()), "l.csv")},
        content_type="multipart/form-data",
    )
    nice = db.session.scalar(select(Location).where(Location.name == "Nice"))
    assert (nice.latitude, nice.longitude) == (43.7, 7.26)


def test_flags_on_the_review_page_and_dismissing_them(client, consultant, factory, world):
    audit = _flagged(factory, world, "far_from_location", distance_m=1234.0, accuracy_m=20.0,
                     radius_m=300)  # fmt: skip
    page = region(
        client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True), "section#flags"
    )
    assert "Far from the location" in page and "1234 m" in page
    flag = audit.flags[0]
    url = f"/consultant/audits/{audit.id}/flags/{flag.id}/dismiss"
    assert client.post(url, data={"reason": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(AuditFlag, flag.id).dismissed_at is None
    assert client.post(url, data={"reason": "Mall blocks GPS"}).status_code == 302
    db.session.expire_all()
    flag = db.session.get(AuditFlag, flag.id)
    assert flag.dismissed_reason == "Mall blocks GPS" and flag.dismissed_by_id == consultant.id
    page = region(
        client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True), "section#flags"
    )
    assert "Mall blocks GPS" in page and "Cora Consultant" in page


def test_the_review_queue_counts_and_sorts_by_flags(client, consultant, factory, world):
    calm = factory.audit(
        location=world["location"], version=world["version"], status="submitted",
        submitted_at=datetime.now(UTC) - timedelta(days=1),
    )  # fmt: skip
    flagged = _flagged(factory, world)
    page = client.get("/consultant/review?sort=flags&dir=desc").get_data(as_text=True)
    assert "1 audit has open integrity flags" in page
    assert page.index(f"/consultant/audits/{flagged.id}") < page.index(
        f"/consultant/audits/{calm.id}"
    )
    only = client.get("/consultant/review?flagged=1").get_data(as_text=True)
    assert f"/consultant/audits/{flagged.id}" in only
    assert f'/consultant/audits/{calm.id}"' not in only


def test_assigning_the_same_auditor_as_last_wave_warns(client, consultant, factory, world):
    factory.audit(
        auditor=world["auditor"], location=world["location"], version=world["version"],
        wave="2026 Q1", status="published", created_at=datetime.now(UTC) - timedelta(days=90),
    )  # fmt: skip
    response = client.post(
        "/consultant/audits/new",
        data={
            "checklist": "shop",
            "location": str(world["location"].id),
            "auditor": "ann@example.test",
            "wave": "2026 Q2",
        },
        follow_redirects=True,
    )
    assert "also audited Lyon Part-Dieu in the previous wave (2026 Q1)" in response.get_data(
        as_text=True
    )


def test_api_settings_and_location_position(api, factory, world):
    consultant = api(factory.user("consultant"))
    response = consultant.patch(
        "/organizations/acme", json={"checkin_radius_m": 500, "min_visit_minutes": 15}
    )
    assert response.status_code == 200
    assert response.get_json()["checkin_radius_m"] == 500
    for bad, field in (
        ({"duplicate_photo_distance": 8}, "duplicate_photo_distance"),
        ({"checkin_radius_m": 1.5}, "checkin_radius_m"),
        ({"score_outlier_points": "high"}, "score_outlier_points"),
        ({"slug": "other"}, "slug"),
    ):
        response = consultant.patch("/organizations/acme", json=bad)
        assert response.status_code == 422, bad
        assert response.get_json()["error"]["details"][0]["field"] == field
    response = consultant.patch("/organizations/acme", json={"min_visit_minutes": None})
    assert response.get_json()["min_visit_minutes"] is None
    client = api(factory.user("client", organization=world["org"]))
    assert client.get("/organizations/acme").get_json()["checkin_radius_m"] == 500
    other = factory.organization("globex")
    assert client.get(f"/organizations/{other.slug}").status_code == 404

    location = world["location"]
    url = f"/organizations/acme/locations/{location.id}"
    response = consultant.patch(url, json={"latitude": 45.76, "longitude": 4.86})
    assert response.status_code == 200
    assert (response.get_json()["latitude"], response.get_json()["name"]) == (
        45.76,
        "Lyon Part-Dieu",
    )
    assert consultant.patch(url, json={"latitude": 45.0}).status_code == 422
    assert (
        consultant.patch(f"/organizations/globex/locations/{location.id}", json={}).status_code
        == 404
    )
    response = consultant.post(
        "/organizations/acme/locations", json={"name": "Bad", "latitude": 99, "longitude": 0}
    )
    assert response.status_code == 422
