"""The audit report's corrective-action section: actions opened, and rechecked a wave later."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.actions_world import ActionsWorld


@pytest.fixture
def actions_world(factory):
    return ActionsWorld(factory)


def test_report_lists_actions_opened_and_their_recheck_a_wave_later(actions_world, api, pdfs):
    world = actions_world
    first = world.audit(status="published", wave="W1")
    consultant = api(world.consultant)
    opened = consultant.post(
        "/actions",
        json={
            "audit": first.id,
            "criterion": "wait",
            "title": "Open a second till",
            "owner_email": world.client_acme.email,
            "due_date": "2026-05-31",
        },
    )
    assert opened.status_code == 201
    text = pdfs.squash(pdfs.text(api(world.client_acme).get(f"/audits/{first.id}/report.pdf").data))
    assert pdfs.squash("Corrective actions") in text
    assert pdfs.squash("OPENED FROM THIS VISIT") in text
    assert pdfs.squash("Open a second till") in text
    assert pdfs.squash("Was the shopper greeted?") in text  # the automatic action's title
    assert pdfs.squash("due 31 May 2026 · Ann Acme") in text
    assert pdfs.squash("RECHECKED") not in text

    second = world.audit(
        {"greeted": "yes", "smile": "yes", "wait": 14},
        status="published",
        visited=datetime(2026, 6, 3, 11, tzinfo=UTC),
        wave="W2",
    )
    later = pdfs.squash(
        pdfs.text(api(world.client_acme).get(f"/audits/{second.id}/report.pdf").data)
    )
    assert pdfs.squash("EARLIER ACTIONS RECHECKED IN THIS VISIT") in later
    assert pdfs.squash("Passes now") in later  # greeted
    assert pdfs.squash("Still failing") in later  # wait: 14 minutes
    assert pdfs.squash("OPENED FROM THIS VISIT") not in later  # nothing critical failed


def test_client_report_leaves_out_actions_of_unpublished_audits(actions_world, api, pdfs):
    world = actions_world
    draft = world.audit(status="approved")
    consultant = api(world.consultant)
    consultant.post(
        "/actions", json={"audit": draft.id, "criterion": "wait", "title": "Internal only"}
    )
    later = world.audit(
        {"greeted": "yes", "smile": "yes", "wait": 2},
        status="published",
        visited=datetime(2026, 6, 3, tzinfo=UTC),
    )
    client_text = pdfs.text(api(world.client_acme).get(f"/audits/{later.id}/report.pdf").data)
    assert "Internal only" not in client_text
    staff_text = pdfs.squash(pdfs.text(consultant.get(f"/audits/{later.id}/report.pdf").data))
    assert pdfs.squash("Internal only") in staff_text
