"""Assigning, listing, reading and reviewing audits through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from audit.extensions import db
from audit.models import Audit, AuditEvent
from tests.factories import SMALL_CHECKLIST


@pytest.fixture
def setup(factory):
    org = factory.organization("acme")
    return {
        "location": factory.location(org, name="Lyon"),
        "auditor": factory.user("auditor", email="ann@example.test"),
        "version": factory.checklist(slug="shop"),
    }


def test_assign_an_audit(as_consultant, setup):
    response = as_consultant.post(
        "/audits",
        json={
            "checklist": "shop",
            "location": setup["location"].id,
            "auditor": "ANN@example.test",
            "due_date": "2026-12-01",
            "wave": "2026 Q4",
            "scenario": "Ask about a gift for a 10-year-old.",
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] and body["status"] == "assigned"
    assert body["checklist"] == {"id": "shop", "version": 1}
    assert body["due_date"] == "2026-12-01" and body["wave"] == "2026 Q4"
    assert body["auditor"]["email"] == "ann@example.test"
    assert body["answers"] == {} and body["score"]["overall"] is None


def test_assigning_warns_of_the_rotation_rule_as_the_page_does(as_consultant, setup, factory):
    """The same auditor at the same location two waves running: assigned all the same, with
    the assign page's warning, in the reader's language."""
    earlier = factory.audit(
        auditor=setup["auditor"],
        location=setup["location"],
        version=setup["version"],
        wave="2026 Q3",
        status="published",
        created_at=datetime.now(UTC) - timedelta(days=90),
    )
    assign = {
        "checklist": "shop",
        "location": setup["location"].id,
        "auditor": "ann@example.test",
        "wave": "2026 Q4",
    }
    response = as_consultant.post("/audits", json=assign, headers={"Accept-Language": "ru"})
    assert response.status_code == 201
    (warning,) = response.get_json()["warnings"]
    assert warning["kind"] == "rotation" and warning["severity"] == "warning"
    assert warning["evidence"] == {"previous_wave": "2026 Q3", "previous_audits": [earlier.id]}
    assert "Lyon" in warning["message"] and "2026 Q3" in warning["message"]
    assert "consider rotating" not in warning["message"]  # said in Russian
    factory.user("auditor", email="bob@example.test")
    other = as_consultant.post("/audits", json={**assign, "auditor": "bob@example.test"})
    assert other.status_code == 201 and other.get_json()["warnings"] == []


def test_assign_problems_are_422_by_field(as_consultant, setup, factory):
    consultant = factory.user("consultant")
    response = as_consultant.post(
        "/audits",
        json={
            "checklist": "nope",
            "location": 999999,
            "auditor": consultant.email,
            "due_date": "31/12/2026",
        },
    )
    assert response.status_code == 422
    fields = [d["field"] for d in response.get_json()["error"]["details"]]
    assert fields == ["checklist", "location", "auditor", "due_date"]
    missing = as_consultant.post("/audits", json={"checklist": "shop"})
    assert {d["field"] for d in missing.get_json()["error"]["details"]} == {"location", "auditor"}
    wrong = as_consultant.post(
        "/audits", json={"checklist": 3, "location": "x", "auditor": "ann@example.test"}
    )
    assert wrong.status_code == 422
    assert db.session.query(Audit).count() == 0


def test_list_filters_and_pagination(as_consultant, setup, factory):
    other = factory.location(factory.organization("globex"))
    factory.audit(location=setup["location"], version=setup["version"], wave="Q1")
    factory.audit(location=other, version=setup["version"], status="submitted", wave="Q1")
    factory.audit(location=other, status="published", wave="Q2")
    everything = as_consultant.get("/audits").get_json()
    assert everything["total"] == 3 and "answers" not in everything["items"][0]
    assert as_consultant.get("/audits?status=submitted").get_json()["total"] == 1
    assert as_consultant.get("/audits?organization=globex").get_json()["total"] == 2
    assert as_consultant.get(f"/audits?location={other.id}").get_json()["total"] == 2
    assert as_consultant.get("/audits?checklist=shop").get_json()["total"] == 2
    assert as_consultant.get("/audits?wave=Q2").get_json()["total"] == 1
    page = as_consultant.get("/audits?per_page=2&page=2").get_json()
    assert page["total"] == 3 and len(page["items"]) == 1 and page["per_page"] == 2
    bad = as_consultant.get("/audits?status=lost&from=yesterday")
    assert bad.status_code == 400
    assert {d["field"] for d in bad.get_json()["error"]["details"]} == {"status", "from"}
    assert as_consultant.get("/audits?per_page=0").status_code == 400


def test_visit_date_filters(as_consultant, setup, factory):
    from datetime import UTC, datetime

    factory.audit(location=setup["location"], visited_at=datetime(2026, 3, 5, tzinfo=UTC))
    factory.audit(location=setup["location"], visited_at=datetime(2026, 4, 5, tzinfo=UTC))
    factory.audit(location=setup["location"])
    assert as_consultant.get("/audits?from=2026-03-01&to=2026-03-31").get_json()["total"] == 1
    assert as_consultant.get("/audits?from=2026-03-06").get_json()["total"] == 1
    assert as_consultant.get("/audits?to=2026-04-05").get_json()["total"] == 2


def test_scoping_of_list_and_detail(api, setup, factory):
    mine = factory.audit(auditor=setup["auditor"], location=setup["location"])
    theirs = factory.audit(location=setup["location"], status="published")
    hidden = factory.audit(location=setup["location"], status="approved")
    as_auditor = api(setup["auditor"])
    assert [a["id"] for a in as_auditor.get("/audits").get_json()["items"]] == [mine.id]
    assert as_auditor.get(f"/audits/{theirs.id}").status_code == 404
    assert as_auditor.get(f"/audits/{mine.id}").status_code == 200
    acme_client = api(factory.user("client", organization=setup["location"].organization))
    assert [a["id"] for a in acme_client.get("/audits").get_json()["items"]] == [theirs.id]
    assert acme_client.get(f"/audits/{hidden.id}").status_code == 404
    assert acme_client.get(f"/audits/{theirs.id}").status_code == 200
    assert acme_client.get("/audits?status=approved").get_json()["total"] == 1
    other_client = api(factory.user("client"))
    assert other_client.get(f"/audits/{theirs.id}").status_code == 404
    assert other_client.get("/audits").get_json()["total"] == 0


def test_review_transitions_and_wrong_states(as_consultant, setup, factory):
    audit = factory.audit(location=setup["location"], status="submitted")
    path = f"/audits/{audit.id}"
    assert as_consultant.post(path + "/publish").status_code == 409
    assert as_consultant.post(path + "/return", json={}).status_code == 422
    assert as_consultant.post(path + "/return", json={"comment": "  "}).status_code == 422
    returned = as_consultant.post(path + "/return", json={"comment": "Add the till photo"})
    assert returned.status_code == 200
    assert returned.get_json()["status"] == "in_progress"
    assert returned.get_json()["return_comment"] == "Add the till photo"
    assert as_consultant.post(path + "/approve").status_code == 409
    db.session.get(Audit, audit.id).status = "submitted"
    db.session.commit()
    approved = as_consultant.post(path + "/approve", json={"comment": "fine"})
    assert approved.get_json()["status"] == "approved"
    assert as_consultant.post(path + "/return", json={"comment": "x"}).status_code == 409
    published = as_consultant.post(path + "/publish")
    assert published.status_code == 200 and published.get_json()["published_at"]
    assert as_consultant.post(path + "/publish").get_json()["error"]["code"] == "invalid_state"
    actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions == ["returned", "approved", "published"]
    assert as_consultant.post("/audits/999999/approve").status_code == 404


def test_a_new_checklist_version_leaves_existing_scores_alone(as_consultant, setup, factory):
    audit = factory.audit(
        location=setup["location"],
        version=setup["version"],
        status="submitted",
        answers={"greeted": "no", "warmth": 4, "wait": 7},
    )
    before = as_consultant.get(f"/audits/{audit.id}").get_json()["score"]
    # v2 weighs the greeting 10 times more: audits assigned from now on use it.
    heavier = SMALL_CHECKLIST.format(slug="shop").replace(
        "type: yes_no}", "type: yes_no, weight: 10}"
    )
    response = as_consultant.post(
        "/checklists", data=heavier.encode(), headers={"Content-Type": "application/yaml"}
    )
    assert response.get_json()["version"] == 2
    after = as_consultant.get(f"/audits/{audit.id}").get_json()
    assert after["score"] == before and after["checklist"]["version"] == 1
    as_consultant.post(f"/audits/{audit.id}/approve")
    assert as_consultant.get(f"/audits/{audit.id}").get_json()["score"] == before
    new = as_consultant.post(
        "/audits",
        json={"checklist": "shop", "location": setup["location"].id, "auditor": "ann@example.test"},
    )
    assert new.get_json()["checklist"]["version"] == 2


def _statements(run) -> int:
    """How many SQL statements `run()` sends."""
    from sqlalchemy import event

    sent = []

    def count(*_args) -> None:
        sent.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(sent)


def test_a_clients_list_reads_shopper_numbers_once_not_per_audit(api, setup, factory):
    """An anonymous client list names each auditor by their first audit there; the numbers
    are read once per page, and the names, locations and checklists with the audits."""
    org = setup["location"].organization
    second = factory.user("auditor", email="bob@example.test")
    client = api(factory.user("client", organization=org))

    def publish(auditor) -> Audit:
        return factory.audit(auditor=auditor, location=setup["location"], status="published")

    first = publish(setup["auditor"])
    publish(second)
    client.get("/audits")  # the first request of a session does more (its sign-in)
    few = _statements(lambda: client.get("/audits"))
    for _ in range(4):
        publish(second)
        publish(setup["auditor"])
    body = None

    def listed() -> None:
        nonlocal body
        body = client.get("/audits").get_json()

    assert _statements(listed) == few
    assert body["total"] == 10 and len(body["items"]) == 10
    names = {a["id"]: a["auditor"]["name"] for a in body["items"]}
    assert names[first.id] == "Shopper 1"
    assert sorted(set(names.values())) == ["Shopper 1", "Shopper 2"]
