"""Check-in on the auditor's page: the browser's position when granted, `no_checkin` when
refused; the EXIF capture time read before the page downscales a photo; the timing log."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from audit.extensions import db
from audit.models import Checkin, Photo, TouchpointOpening
from tests.browser.test_auditor_form import choose_photo, tap, wait_for
from tests.images import encode, exif_bytes
from tests.integrity.shopfront import photo

pytestmark = pytest.mark.browser

SHOP = {"latitude": 48.8566, "longitude": 2.3522}


@pytest.fixture
def auditor(factory):
    return factory.user("auditor", name="Gia Geo")


@pytest.fixture
def audit(factory, auditor):
    location = factory.location(name="Rivoli", timezone="Europe/Paris", **SHOP)
    return factory.audit(auditor=auditor, location=location)


def checkins_of(audit_id: int) -> list[Checkin]:
    return list(db.session.scalars(select(Checkin).where(Checkin.audit_id == audit_id)))


def test_a_granted_position_checks_in_with_its_distance(
    page, context, browser_login, audit, auditor
):
    # About 111 m north of the shop, as the tablet's GPS says.
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 48.8576, "longitude": 2.3522, "accuracy": 12})
    browser_login(auditor.email)
    page.goto(f"/auditor/audits/{audit.id}")
    page.get_by_text("Your position is asked for when you start answering").wait_for()
    assert checkins_of(audit.id) == []  # reading the audit at home asks nothing
    tap(page, "greeted", "Yes")
    page.get_by_text("Checked in (accurate to 12 m).").wait_for()
    (checkin,) = wait_for(lambda: checkins_of(audit.id))
    assert 105 < checkin.distance_m < 118 and checkin.accuracy_m == 12
    # The timing log has the touchpoint the page opened on.
    assert (
        wait_for(
            lambda: db.session.scalar(
                select(TouchpointOpening.touchpoint_key).where(
                    TouchpointOpening.audit_id == audit.id
                )
            )
        )
        == "greeting"
    )
    page.reload()
    page.get_by_text("Checked in.").wait_for()  # not asked twice
    assert len(checkins_of(audit.id)) == 1


def test_a_refused_position_is_no_checkin(page, context, browser_login, audit, auditor, api):
    context.clear_permissions()
    browser_login(auditor.email)
    page.goto(f"/auditor/audits/{audit.id}")
    tap(page, "greeted", "Yes")
    page.get_by_text("Position not shared").wait_for()
    assert page.get_by_role("button", name="Check in now").is_visible()
    page.locator("[data-sync-state]").wait_for()
    assert checkins_of(audit.id) == []
    api(auditor).patch(
        f"/audits/{audit.id}/answers",
        json={"greeted": "yes", "warmth": 4, "wait": 3, "notes": "ok"},
    )
    assert api(auditor).post(f"/audits/{audit.id}/submit").status_code == 200
    db.session.expire_all()
    assert [f.kind for f in db.session.get(type(audit), audit.id).flags] == ["no_checkin"]


def test_the_exif_time_is_read_before_the_downscale(
    page, context, browser_login, audit, auditor, tmp_path
):
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": SHOP["latitude"], "longitude": SHOP["longitude"]})
    big = tmp_path / "shop.jpg"  # larger than 2048 px: the page redraws it through a canvas
    big.write_bytes(
        encode(
            photo("front", size=(3000, 2000)),
            "JPEG",
            quality=80,
            exif=exif_bytes(taken=datetime(2020, 1, 2, 10, 0, 0), offset="+01:00"),
        )
    )
    browser_login(auditor.email)
    page.goto(f"/auditor/audits/{audit.id}")
    choose_photo(page, "greeting", big)
    stored = wait_for(
        lambda: db.session.scalar(select(Photo).where(Photo.audit_id == audit.id)), timeout=20
    )
    # The canvas redraw sent a file without EXIF: the time came from the page's own read.
    assert stored.exif_taken_at == "2020-01-02T10:00:00+01:00"
    assert stored.phash is not None
