"""Each flag raised and not raised by crafted visits; dismissing; never a rejection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from audit.extensions import db
from tests.factories import SMALL_ANSWERS
from tests.images import encode, exif_bytes, image_bytes
from tests.integrity.conftest import PARIS, kinds
from tests.integrity.shopfront import jpeg, photo, resaved

BAD_ANSWERS = {"greeted": "no", "wait": 30, "notes": "Nobody came"}


def _exif_jpeg(taken: datetime) -> bytes:
    return encode(photo("front", size=(400, 300), seed=9), "JPEG", exif=exif_bytes(taken=taken))


def test_a_clean_visit_raises_nothing_but_the_missing_exif(visit):
    audit = visit.audit()
    visit.visited(audit)
    flags = visit.submit(audit)
    assert kinds(flags) == set()
    visit.upload  # noqa: B018  (photos are checked in their own tests)


def test_no_checkin_and_far_from_location(visit):
    nowhere = visit.audit()
    visit.answer(nowhere)
    assert kinds(visit.submit(nowhere)) == {"no_checkin"}

    far = visit.audit()
    assert visit.checkin(far, PARIS[0] + 0.01, PARIS[1], accuracy=30).status_code == 201
    visit.answer(far)
    (flag,) = visit.submit(far)
    assert flag["kind"] == "far_from_location" and flag["severity"] == "warning"
    assert 1100 < flag["evidence"]["distance_m"] < 1125
    assert flag["evidence"]["accuracy_m"] == 30 and flag["evidence"]["radius_m"] == 300
    assert "1" in flag["message"] and "300" in flag["message"]

    # The nearest check-in counts: a retry at the door clears it.
    near = visit.audit()
    visit.checkin(near, PARIS[0] + 0.01, PARIS[1])
    visit.checkin(near, PARIS[0] + 0.001, PARIS[1])  # ~111 m
    visit.answer(near)
    assert visit.submit(near) == []


def test_the_radius_is_the_organisations(visit):
    visit.org.checkin_radius_m = 2000
    db.session.commit()
    audit = visit.audit()
    visit.checkin(audit, PARIS[0] + 0.01, PARIS[1])
    visit.answer(audit)
    assert visit.submit(audit) == []


def test_photo_time_mismatch_and_photos_without_exif(visit):
    paris = ZoneInfo("Europe/Paris")
    now_local = datetime.now(paris).replace(tzinfo=None, microsecond=0)
    audit = visit.audit()
    visit.visited(audit)
    old = visit.upload(audit, _exif_jpeg(now_local - timedelta(days=2)))
    fresh = visit.upload(audit, _exif_jpeg(now_local - timedelta(minutes=5)))
    bare = visit.upload(audit, image_bytes("JPEG", (300, 200)))
    flags = {f["kind"]: f for f in visit.submit(audit)}
    assert set(flags) == {"photo_time_mismatch", "photo_no_exif"}
    mismatch = flags["photo_time_mismatch"]
    assert mismatch["evidence"]["photo"] == old["id"]
    assert 44 < mismatch["evidence"]["hours_off"] <= 48
    assert flags["photo_no_exif"]["severity"] == "info"
    assert flags["photo_no_exif"]["evidence"]["photos"] == [bare["id"]]
    assert fresh["id"] not in {mismatch["evidence"]["photo"]}


def test_the_browser_sends_the_exif_time_it_read_before_downscaling(visit):
    audit = visit.audit()
    visit.visited(audit)
    # The canvas downscale dropped the EXIF; the page read it first and sends it.
    visit.upload(audit, image_bytes("JPEG", (300, 200)), exif_taken_at="2020:01:02 10:00:00")
    (flag,) = visit.submit(audit)
    assert flag["kind"] == "photo_time_mismatch"
    assert flag["evidence"]["taken_at"].startswith("2020-01-02T10:00:00+01:00")


def test_an_unreadable_exif_time_is_refused(visit):
    audit = visit.audit()
    response = visit.as_auditor().post(
        f"/audits/{audit.id}/photos",
        data={
            "file": (__import__("io").BytesIO(image_bytes("JPEG")), "p.jpg"),
            "touchpoint": "greeting",
            "exif_taken_at": "yesterday",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["details"][0]["field"] == "exif_taken_at"


def test_duplicate_photo_found_resaved_and_resized_not_another_shot(visit, factory):
    front = photo("front")
    first = visit.audit()
    visit.visited(first)
    original = visit.upload(first, jpeg(front))
    assert visit.submit(first) == [f for f in visit.flags(first) if f["kind"] == "photo_no_exif"]

    other_auditor = factory.user("auditor")
    copy = visit.audit(auditor=other_auditor)
    visit.visited(copy, auditor=other_auditor)
    copied = visit.upload(copy, resaved(front, quality=70, scale=0.5), auditor=other_auditor)
    flags = {f["kind"]: f for f in visit.submit(copy, auditor=other_auditor)}
    duplicate = flags["duplicate_photo"]
    assert duplicate["evidence"]["photo"] == copied["id"]
    assert duplicate["evidence"]["other_audit"] == first.id
    assert duplicate["evidence"]["other_photo"] == original["id"]
    assert duplicate["evidence"]["distance"] <= 6
    assert str(first.id) in duplicate["message"]

    honest = visit.audit(auditor=other_auditor)
    visit.visited(honest, auditor=other_auditor)
    visit.upload(honest, jpeg(photo("left", seed=2)), auditor=other_auditor)
    assert "duplicate_photo" not in kinds(visit.submit(honest, auditor=other_auditor))


def test_too_fast_against_the_checklists_or_the_organisations_minimum(visit):
    visit.org.min_visit_minutes = 20
    db.session.commit()
    rushed = visit.audit()
    visit.visited(rushed)
    (flag,) = visit.submit(rushed)
    assert flag["kind"] == "too_fast"
    assert flag["evidence"]["minimum_minutes"] == 20
    assert flag["evidence"]["source"] == "organization"

    calm = visit.audit()
    opened = (datetime.now(UTC) - timedelta(minutes=25)).isoformat()
    response = visit.as_auditor().post(
        f"/audits/{calm.id}/openings", json={"touchpoint": "greeting", "opened_at": opened}
    )
    assert response.status_code == 201 and response.get_json()["logged"] is True
    visit.visited(calm)
    assert visit.submit(calm) == []


def test_rotation_same_auditor_same_location_previous_wave(visit, factory):
    earlier = datetime.now(UTC) - timedelta(days=90)
    visit.audit(wave="2026 Q1", status="published", created_at=earlier)
    audit = visit.audit(wave="2026 Q2")
    visit.visited(audit)
    (flag,) = visit.submit(audit)
    assert flag["kind"] == "rotation" and flag["evidence"]["previous_wave"] == "2026 Q1"

    other_auditor = factory.user("auditor")
    rotated = visit.audit(auditor=other_auditor, wave="2026 Q2")
    visit.visited(rotated, auditor=other_auditor)
    assert visit.submit(rotated, auditor=other_auditor) == []


def test_score_outlier_with_the_numbers(visit, factory):
    for _ in range(2):
        visit.audit(auditor=factory.user("auditor"), status="published", answers=SMALL_ANSWERS)
    harsh = visit.audit()
    visit.visited(harsh, answers=BAD_ANSWERS)
    (flag,) = visit.submit(harsh)
    assert flag["kind"] == "score_outlier"
    evidence = flag["evidence"]
    assert evidence["peers"] == 2 and evidence["difference"] < -20
    assert evidence["score"] < evidence["peers_mean"]

    fair = visit.audit()
    visit.visited(fair)
    assert visit.submit(fair) == []


def test_dismiss_records_who_and_why_and_is_not_raised_again(visit):
    audit = visit.audit()
    visit.answer(audit)
    (flag,) = visit.submit(audit)
    consultant = visit.api(visit.consultant)
    url = f"/audits/{audit.id}/flags/{flag['id']}/dismiss"
    assert consultant.post(url, json={"reason": " "}).status_code == 422
    response = consultant.post(url, json={"reason": "GPS off in the mall"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["dismissed_reason"] == "GPS off in the mall"
    assert body["dismissed_by"] == visit.consultant.name and body["dismissed_at"]
    assert consultant.post(url, json={"reason": "again"}).status_code == 409
    db.session.refresh(audit)
    assert audit.open_flags == 0 and audit.status == "submitted"

    # Returned and submitted again: the dismissed flag stays dismissed, not raised twice.
    assert consultant.post(f"/audits/{audit.id}/return", json={"comment": "Fix"}).status_code == 200
    flags = visit.submit(audit)
    assert [f["dismissed_reason"] for f in flags] == ["GPS off in the mall"]


def test_flags_are_for_consultants_of_audits_in_scope(visit, factory):
    audit = visit.audit()
    visit.answer(audit)
    (flag,) = visit.submit(audit)
    assert visit.as_auditor().get(f"/audits/{audit.id}/flags").status_code == 403
    client = factory.user("client", organization=visit.org)
    assert visit.api(client).get(f"/audits/{audit.id}/flags").status_code == 403
    consultant = visit.api(visit.consultant)
    assert consultant.get("/audits/2147483647/flags").status_code == 404
    other = factory.audit(status="submitted")
    assert (
        consultant.post(f"/audits/{other.id}/flags/{flag['id']}/dismiss", json={"reason": "x"})
    ).status_code == 404
