"""POST /audits/{id}/checkin: distance to the shop, validation, and who may check in."""

from __future__ import annotations

import pytest

from tests.integrity.conftest import PARIS


def test_checkin_answers_the_distance_with_the_accuracy(visit):
    audit = visit.audit()
    # About 1.1 km north of the shop (0.01 degree of latitude).
    response = visit.checkin(audit, PARIS[0] + 0.01, PARIS[1], accuracy=25)
    assert response.status_code == 201
    body = response.get_json()
    assert 1100 < body["distance_m"] < 1125
    assert body["accuracy_m"] == 25
    assert body["radius_m"] == 300 and body["within_radius"] is False
    assert visit.api(visit.consultant).get(f"/audits/{audit.id}").get_json()["status"] == (
        "in_progress"
    )


def test_a_shop_without_coordinates_gives_no_distance(visit, factory):
    audit = visit.audit(location=factory.location(visit.org, name="Unknown place"))
    body = visit.checkin(audit, *PARIS).get_json()
    assert body["distance_m"] is None and body["within_radius"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"latitude": 91, "longitude": 2}, "latitude"),
        ({"latitude": 48, "longitude": -181}, "longitude"),
        ({"latitude": "48", "longitude": 2}, "latitude"),
        ({"longitude": 2}, "latitude"),
        ({"latitude": 48, "longitude": 2, "accuracy_m": -1}, "accuracy_m"),
        ({"latitude": True, "longitude": 2}, "latitude"),
    ],
)
def test_bad_positions_are_refused_naming_the_field(visit, body, field):
    audit = visit.audit()
    response = visit.as_auditor().post(f"/audits/{audit.id}/checkin", json=body)
    assert response.status_code == 422
    assert field in {p["field"] for p in response.get_json()["error"]["details"]}


def test_only_the_audits_auditor_checks_in_and_only_while_editable(visit, factory):
    audit = visit.audit()
    other_auditor = factory.user("auditor")
    assert visit.checkin(audit, *PARIS, auditor=other_auditor).status_code == 404
    other_org_audit = factory.audit(auditor=other_auditor)
    assert visit.checkin(other_org_audit, *PARIS).status_code == 404
    assert (
        visit.api(visit.consultant)
        .post(f"/audits/{audit.id}/checkin", json={"latitude": 1, "longitude": 1})
        .status_code
        == 403
    )
    submitted = visit.audit(status="submitted")
    assert visit.checkin(submitted, *PARIS).status_code == 409
