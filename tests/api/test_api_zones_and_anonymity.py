"""Location time zones and the organisation's show_auditor_names through the JSON API."""

from __future__ import annotations


def test_location_time_zone_is_validated_and_echoed(as_consultant, factory):
    factory.organization("acme")
    made = as_consultant.post(
        "/organizations/acme/locations", json={"name": "Dubai Mall", "timezone": "Asia/Dubai"}
    )
    assert made.status_code == 201 and made.get_json()["timezone"] == "Asia/Dubai"
    plain = as_consultant.post("/organizations/acme/locations", json={"name": "Nice"})
    assert plain.get_json()["timezone"] == "UTC"
    bad = as_consultant.post(
        "/organizations/acme/locations", json={"name": "Olympus", "timezone": "Mars/Olympus"}
    )
    assert bad.status_code == 422
    [problem] = bad.get_json()["error"]["details"]
    assert problem["field"] == "timezone" and "Mars/Olympus" in problem["message"]
    wrong_type = as_consultant.post(
        "/organizations/acme/locations", json={"name": "X", "timezone": 4}
    )
    assert wrong_type.status_code == 422


def test_show_auditor_names_on_create_defaults_to_false(as_consultant):
    plain = as_consultant.post("/organizations", json={"name": "Acme", "slug": "acme"})
    assert plain.get_json()["show_auditor_names"] is False
    named = as_consultant.post(
        "/organizations", json={"name": "Globex", "slug": "globex", "show_auditor_names": True}
    )
    assert named.status_code == 201 and named.get_json()["show_auditor_names"] is True
    bad = as_consultant.post(
        "/organizations", json={"name": "X", "slug": "x", "show_auditor_names": "yes"}
    )
    assert bad.status_code == 422
    assert bad.get_json()["error"]["details"][0]["field"] == "show_auditor_names"
