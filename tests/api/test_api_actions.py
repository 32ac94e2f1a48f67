"""Corrective actions through the API: lifecycle, history, scoping, evidence, recheck."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from audit.extensions import db
from audit.models import ActionEvidence, CorrectiveAction
from audit.services.photos import sweep_orphan_files
from tests.actions_world import PASSING, ActionsWorld
from tests.images import image_bytes

JPEG = image_bytes("JPEG", (64, 48))


@pytest.fixture
def world(factory):
    return ActionsWorld(factory)


def _open(api, world, audit, criterion="wait", **extra):
    return api(world.consultant).post(
        "/actions", json={"audit": audit.id, "criterion": criterion, **extra}
    )


def test_lifecycle_keeps_every_change_in_the_history(world, api):
    audit = world.audit(status="approved")
    response = _open(
        api,
        world,
        audit,
        title="Add a second till at rush hour",
        owner_email=world.client_acme.email,
        due_date="2026-12-31",
    )
    assert response.status_code == 201, response.get_json()
    action = response.get_json()
    assert action["status"] == "open"
    assert action["audit"] == audit.id
    assert action["location"] == {"id": world.store.id, "name": "Acme Flagship"}
    assert action["criterion"] == "wait"
    assert action["owner"] == {"email": world.client_acme.email, "name": "Ann Acme"}
    assert action["due_date"] == "2026-12-31"
    assert [h["kind"] for h in action["history"]] == ["opened"]
    url = f"/actions/{action['id']}"
    client = api(world.client_acme)
    # Not published yet: the client does not see the action (nor the audit).
    assert client.get(url).status_code == 404
    publish = api(world.consultant).post(f"/audits/{audit.id}/publish", json={})
    assert publish.status_code == 200
    assert client.get(url).status_code == 200

    moved = client.patch(url, json={"status": "in_progress", "note": "Ordered a till"})
    assert moved.status_code == 200, moved.get_json()
    assert client.patch(url, json={"status": "verified"}).status_code == 403
    assert client.patch(url, json={"title": "Mine now"}).status_code == 403
    assert client.patch(url, json={"note": "Delivery on Monday"}).status_code == 200
    assert client.patch(url, json={"status": "done", "note": "Till open"}).status_code == 200
    consultant = api(world.consultant)
    assert consultant.patch(url, json={"status": "verified", "note": "Seen"}).status_code == 200
    assert client.patch(url, json={"status": "in_progress"}).status_code == 409
    reopened = consultant.patch(url, json={"status": "open", "note": "Queue is back"})
    assert reopened.status_code == 200
    edited = consultant.patch(url, json={"due_date": "2027-01-15", "owner_email": None})
    body = edited.get_json()
    assert body["status"] == "open" and body["owner"] is None
    steps = [(h["kind"], h["from"], h["to"], h["note"], h["who"]) for h in body["history"]]
    assert steps == [
        ("opened", None, "open", "", "Connie Consultant"),
        ("status", "open", "in_progress", "Ordered a till", "Ann Acme"),
        ("note", None, None, "Delivery on Monday", "Ann Acme"),
        ("status", "in_progress", "done", "Till open", "Ann Acme"),
        ("status", "done", "verified", "Seen", "Connie Consultant"),
        ("status", "verified", "open", "Queue is back", "Connie Consultant"),
        ("edited", None, None, "", "Connie Consultant"),
    ]
    assert body["history"][-1]["changes"] == {
        "before": {"due_date": "2026-12-31", "owner": world.client_acme.email},
        "after": {"due_date": "2027-01-15", "owner": None},
    }
    assert all(h["at"] for h in body["history"])


@pytest.mark.parametrize(
    ("status", "body", "expected", "field"),
    [
        ("in_progress", {"criterion": "wait"}, 409, None),
        ("approved", {"criterion": "smile"}, 422, "criterion"),
        ("approved", {"criterion": "nope"}, 422, "criterion"),
        ("approved", {"criterion": "wait", "due_date": "someday"}, 422, "due_date"),
        ("approved", {"criterion": "wait", "title": 7}, 422, "title"),
        ("approved", {"criterion": "wait", "title": "x" * 201}, 422, "title"),
        ("approved", {}, 422, "criterion"),
    ],
)
def test_opening_is_refused_with_a_reason(world, api, status, body, expected, field):
    audit = world.audit(status=status)
    response = api(world.consultant).post("/actions", json={"audit": audit.id, **body})
    assert response.status_code == expected, response.get_json()
    if field:
        assert field in {d["field"] for d in response.get_json()["error"]["details"]}
    assert db.session.scalar(select(CorrectiveAction.id)) is None


def test_owner_must_belong_to_the_organisation_and_one_action_per_criterion(world, api):
    audit = world.audit()
    foreign = _open(api, world, audit, owner_email=world.client_globex.email)
    assert foreign.status_code == 422
    assert _open(api, world, audit).status_code == 201
    assert _open(api, world, audit).status_code == 409
    assert api(world.consultant).post("/actions", json={"audit": 2**40}).status_code == 422


def test_publishing_opens_an_action_for_each_critical_failure(world, api):
    audit = world.audit(status="approved")
    assert db.session.scalar(select(CorrectiveAction.id)) is None
    assert api(world.consultant).post(f"/audits/{audit.id}/publish", json={}).status_code == 200
    actions = api(world.client_acme).get("/actions").get_json()
    assert actions["total"] == 1
    (action,) = actions["items"]
    assert action["criterion"] == "greeted"  # critical; `wait` failed too but is not critical
    assert action["automatic"] is True
    assert action["title"] == "Was the shopper greeted?"
    assert action["due_date"] is not None
    # A passing audit opens nothing.
    world.audit(PASSING, status="published")
    assert api(world.consultant).get("/actions").get_json()["total"] == 1


def test_publishing_keeps_the_action_the_consultant_opened_before(world, api):
    audit = world.audit(status="approved")
    assert _open(api, world, audit, criterion="greeted", title="Greet").status_code == 201
    api(world.consultant).post(f"/audits/{audit.id}/publish", json={})
    items = api(world.consultant).get("/actions").get_json()["items"]
    assert [(a["criterion"], a["title"], a["automatic"]) for a in items] == [
        ("greeted", "Greet", False)
    ]


def test_recheck_over_two_waves(world, api):
    first = world.audit(status="published", wave="W1")
    (auto,) = api(world.consultant).get("/actions").get_json()["items"]
    waiting = _open(api, world, first, criterion="wait").get_json()
    assert api(world.consultant).get(f"/actions/{auto['id']}").get_json()["recheck"] is None
    april = datetime(2026, 4, 2, 9, tzinfo=UTC)
    # Not counted: unpublished, another location, an earlier visit.
    world.audit(PASSING, status="approved", visited=april)
    world.audit(PASSING, status="published", visited=april, location=world.other_store)
    world.audit(PASSING, status="published", visited=datetime(2026, 2, 1, tzinfo=UTC))
    assert api(world.consultant).get(f"/actions/{auto['id']}").get_json()["recheck"] is None
    second = world.audit(
        {"greeted": "yes", "smile": "yes", "wait": 15}, status="published", visited=april
    )
    for action_id, passed in ((auto["id"], True), (waiting["id"], False)):
        body = api(world.client_acme).get(f"/actions/{action_id}").get_json()
        assert body["recheck"] == {
            "audit": second.id,
            "visited_at": second.visited_at.isoformat(),
            "passed": passed,
        }
    # The second wave's own critical failure... none: greeted passed, so no new action.
    assert api(world.consultant).get("/actions").get_json()["total"] == 2


def test_list_items_carry_the_recheck_as_the_single_action_does(world, api):
    first = world.audit(status="published", wave="W1")
    (auto,) = api(world.consultant).get("/actions").get_json()["items"]
    assert auto["recheck"] is None
    second = world.audit(
        {"greeted": "yes", "smile": "yes", "wait": 15},
        status="published",
        visited=datetime(2026, 4, 2, 9, tzinfo=UTC),
    )
    for caller in (world.consultant, world.client_acme):
        (item,) = api(caller).get("/actions").get_json()["items"]
        one = api(caller).get(f"/actions/{item['id']}").get_json()
        expected = {"audit": second.id, "visited_at": second.visited_at.isoformat()}
        assert item["recheck"] == one["recheck"] == {**expected, "passed": True}
    assert first.id != second.id


def test_overdue_flag_and_filters(world, api):
    audit = world.audit(status="published")
    late = _open(api, world, audit, due_date="2020-01-31").get_json()
    consultant = api(world.consultant)
    (auto,) = consultant.get("/actions?status=open&overdue=false").get_json()["items"]
    assert auto["criterion"] == "greeted"
    overdue = consultant.get("/actions?overdue=true").get_json()
    assert [a["id"] for a in overdue["items"]] == [late["id"]]
    assert overdue["items"][0]["overdue"] is True
    api(world.client_acme).patch(f"/actions/{late['id']}", json={"status": "done"})
    assert consultant.get("/actions?overdue=true").get_json()["total"] == 0
    assert consultant.get("/actions?status=done").get_json()["total"] == 1
    assert consultant.get(f"/actions?location={world.other_store.id}").get_json()["total"] == 0
    assert consultant.get("/actions?organization=globex").get_json()["total"] == 0
    assert consultant.get("/actions?organization=acme").get_json()["total"] == 2
    for bad in ("status=closed", "overdue=maybe", "location=abc", "location=99999999999"):
        response = consultant.get(f"/actions?{bad}")
        assert response.status_code == 400, bad
        assert bad.split("=")[0] in {d["field"] for d in response.get_json()["error"]["details"]}


def test_clients_see_only_their_organisation(world, api, factory):
    world.audit(status="published")
    globex_store = factory.location(world.globex, name="Globex Store")
    world.audit(status="published", location=globex_store)
    acme_ids = {a["id"] for a in api(world.client_acme).get("/actions").get_json()["items"]}
    globex = api(world.client_globex).get("/actions?organization=acme").get_json()
    assert globex["total"] == 1 and not acme_ids & {a["id"] for a in globex["items"]}
    (acme_id,) = acme_ids
    other = api(world.client_globex)
    assert other.get(f"/actions/{acme_id}").status_code == 404
    assert other.patch(f"/actions/{acme_id}", json={"status": "done"}).status_code == 404
    assert other.post(f"/actions/{acme_id}/evidence", data={"note": "x"}).status_code == 404
    assert api(world.auditor).get("/actions").status_code == 403
    assert api(world.auditor).get(f"/actions/{acme_id}").status_code == 403
    assert api(world.client_acme).post("/actions", json={}).status_code == 403
    assert api().get("/actions").status_code == 401


def test_evidence_photo_and_note(world, api, factory):
    world.audit(status="published")
    (action,) = api(world.consultant).get("/actions").get_json()["items"]
    url = f"/actions/{action['id']}/evidence"
    client = api(world.client_acme)
    response = client.post(
        url,
        data={"file": (io.BytesIO(JPEG), "fixed.jpg"), "note": "New greeting script"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    (evidence,) = body["evidence"]
    assert evidence["note"] == "New greeting script"
    assert (body["history"][-1]["kind"], body["history"][-1]["note"]) == (
        "evidence",
        "New greeting script",
    )
    photo = client.get(evidence["thumb_url"].removeprefix("/api/v1"))
    photo.close()  # a file response holds the file open until closed
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert client.get(evidence["url"].removeprefix("/api/v1") + "?size=huge").status_code == 400
    assert api(world.client_globex).get(evidence["url"].removeprefix("/api/v1")).status_code == 404
    assert client.post(url, data={"note": "Only words"}).status_code == 201
    assert client.post(url, data={}).status_code == 422
    bad = client.post(
        url,
        data={"file": (io.BytesIO(b"not a picture"), "x.jpg")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    # The sweep of unused files keeps evidence photos.
    sha = db.session.scalar(select(ActionEvidence.sha256))
    assert sha not in sweep_orphan_files(older_than=0)
    consultant = api(world.consultant)
    consultant.patch(f"/actions/{action['id']}", json={"status": "done"})
    consultant.patch(f"/actions/{action['id']}", json={"status": "verified"})
    assert client.post(url, data={"note": "late"}).status_code == 409


def test_patch_refuses_what_it_cannot_understand(world, api):
    world.audit(status="published")
    (action,) = api(world.consultant).get("/actions").get_json()["items"]
    url = f"/actions/{action['id']}"
    consultant = api(world.consultant)
    assert consultant.patch(url, json={}).status_code == 422
    assert consultant.patch(url, json={"status": "closed"}).status_code == 422
    assert consultant.patch(url, json={"colour": "red"}).status_code == 422
    assert consultant.patch(url, json={"note": 5}).status_code == 422
    assert consultant.patch(url, json={"title": ""}).status_code == 422
    assert consultant.patch(url, json=[1]).status_code == 400
    assert consultant.patch(url, json={"due_date": "31/12/2026"}).status_code == 422
    assert consultant.patch(url, json={"status": "verified"}).status_code == 409
