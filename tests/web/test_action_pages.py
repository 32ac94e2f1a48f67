"""The corrective-action pages: the client's list and update form, the consultant's forms."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from audit.extensions import db
from audit.models import CorrectiveAction
from tests.actions_world import PASSING, ActionsWorld
from tests.html import region
from tests.images import image_bytes


@pytest.fixture
def world(factory):
    return ActionsWorld(factory)


def _only_action() -> CorrectiveAction:
    return db.session.scalar(select(CorrectiveAction))


def test_client_list_dashboard_and_update(world, auth, client, factory):
    world.audit(status="published")
    globex_store = factory.location(world.globex, name="Globex Store")
    world.audit(status="published", location=globex_store)
    auth.login(world.client_acme.email)
    listing = client.get("/client/actions")
    assert listing.status_code == 200
    table = region(listing.get_data(as_text=True), "table.actions-table")
    assert "Acme Flagship" in table and "Globex Store" not in table
    assert "not visited again yet" in table
    dashboard = region(client.get("/client/").get_data(as_text=True), "section.actions-summary")
    assert "Was the shopper greeted?" in dashboard and "/client/actions" in dashboard

    action = db.session.scalar(
        select(CorrectiveAction).where(CorrectiveAction.location_id == world.store.id)
    )
    page = client.get(f"/client/actions/{action.id}").get_data(as_text=True)
    assert 'value="in_progress"' in page and 'value="verified"' not in page
    posted = client.post(
        f"/client/actions/{action.id}",
        data={
            "status": "done",
            "note": "Greeting script posted",
            "photo": (io.BytesIO(image_bytes("JPEG", (64, 48))), "p.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert posted.status_code == 302
    db.session.expire_all()
    assert action.status == "done"
    assert [c.kind for c in action.history] == ["opened", "status", "evidence"]
    assert action.history[1].note == "Greeting script posted"
    assert len(action.evidence) == 1
    done = client.get("/client/actions?status=done").get_data(as_text=True)
    assert action.title in region(done, "table.actions-table")
    nothing = client.get("/client/actions?status=open").get_data(as_text=True)
    assert "No corrective actions match" in nothing
    # A move the client may not make is refused with a message, nothing changes.
    client.post(f"/client/actions/{action.id}", data={"status": "verified", "note": "x"})
    db.session.expire_all()
    assert action.status == "done"
    assert client.get("/client/actions?overdue=maybe").status_code == 400


def test_other_organisations_action_is_not_found(world, auth, client, factory):
    world.audit(status="published")
    action = _only_action()
    auth.login(world.client_globex.email)
    assert client.get(f"/client/actions/{action.id}").status_code == 404
    assert client.post(f"/client/actions/{action.id}", data={"note": "x"}).status_code == 404


def test_consultant_opens_an_action_from_the_review_page(world, auth, client):
    audit = world.audit(status="approved")
    auth.login(world.consultant.email)
    page = client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True)
    form = region(page, "form.open-action")
    assert 'name="criterion"' in form and world.client_acme.name in form
    response = client.post(
        f"/consultant/audits/{audit.id}/actions",
        data={
            "criterion": "wait",
            "title": "Second till",
            "owner_email": world.client_acme.email,
            "due_date": "2026-12-01",
        },
    )
    action = _only_action()
    assert response.status_code == 302
    assert response.location.endswith(f"/consultant/actions/{action.id}")
    assert (action.title, action.owner_id, str(action.due_date)) == (
        "Second till",
        world.client_acme.id,
        "2026-12-01",
    )
    page = client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True)
    assert f"/consultant/actions/{action.id}" in page
    # A passing criterion cannot get one: the reason is shown, nothing is made.
    client.post(f"/consultant/audits/{audit.id}/actions", data={"criterion": "smile"})
    assert db.session.scalar(select(db.func.count(CorrectiveAction.id))) == 1


def test_consultant_verifies_reopens_and_edits(world, auth, client):
    world.audit(status="published")
    action = _only_action()
    auth.login(world.consultant.email)
    url = f"/consultant/actions/{action.id}"
    assert 'value="verified"' not in client.get(url).get_data(as_text=True)
    client.post(url + "/update", data={"status": "done", "note": "Done on their behalf"})
    assert 'value="verified"' in client.get(url).get_data(as_text=True)
    client.post(url + "/update", data={"status": "verified", "note": "Seen in store"})
    client.post(
        url + "/edit",
        data={
            "title": "Greet every shopper",
            "owner_email": world.client_acme.email,
            "due_date": "",
        },
    )
    db.session.expire_all()
    assert action.status == "verified"
    assert action.title == "Greet every shopper" and action.owner_id == world.client_acme.id
    assert action.due_date is None
    listing = client.get("/consultant/actions?organization=acme&status=verified")
    assert "Greet every shopper" in region(listing.get_data(as_text=True), "table.actions-table")


def test_recheck_shows_on_the_action_page(world, auth, client):
    from datetime import UTC, datetime

    world.audit(status="published")
    world.audit(PASSING, status="published", visited=datetime(2026, 5, 1, tzinfo=UTC))
    action = _only_action()
    auth.login(world.client_acme.email)
    page = client.get(f"/client/actions/{action.id}").get_data(as_text=True)
    assert "passes now" in region(page, "section.action-facts")
