"""Bulk actions on the audits list: each row done or refused on its own, with its reason."""

from __future__ import annotations

from sqlalchemy import select

from audit.extensions import db
from audit.models import Audit, AuditEvent
from tests.factories import SMALL_ANSWERS


def _results(client):
    page = client.get("/consultant/audits").get_data(as_text=True)
    start = page.index('class="plain-list bulk-results"')
    return page[start : page.index("</ul>", start)]


def test_approve_in_bulk_refuses_only_the_rows_that_cannot_be(client, auth, factory):
    consultant = factory.user("consultant")
    submitted = factory.audit(status="submitted", answers=SMALL_ANSWERS)
    published = factory.audit(status="published", answers=SMALL_ANSWERS)
    auth.login(consultant.email)
    ids = [str(submitted.id), str(published.id), str(2**31 - 1)]
    unconfirmed = client.post("/consultant/audits/bulk", data={"action": "approve", "ids": ids})
    assert unconfirmed.status_code == 302
    assert db.session.get(Audit, submitted.id).status == "submitted"  # no tick, no change
    done = client.post(
        "/consultant/audits/bulk", data={"action": "approve", "ids": ids, "confirm": "1"}
    )
    assert done.status_code == 302
    results = _results(client)
    assert f"#{submitted.id}</a>: approved" in results
    assert f"#{published.id}</a>: This audit is published" in results
    assert "no such audit" in results
    assert db.session.get(Audit, submitted.id).status == "approved"
    assert db.session.get(Audit, published.id).status == "published"


def test_return_in_bulk_needs_a_comment_per_row(client, auth, factory):
    consultant = factory.user("consultant")
    audits = [factory.audit(status="submitted", answers=SMALL_ANSWERS) for _ in range(2)]
    auth.login(consultant.email)
    ids = [str(a.id) for a in audits]
    client.post("/consultant/audits/bulk", data={"action": "return", "ids": ids})
    assert "a comment is required" in _results(client)
    client.post(
        "/consultant/audits/bulk", data={"action": "return", "ids": ids, "comment": "Photos?"}
    )
    assert all(db.session.get(Audit, a.id).return_comment == "Photos?" for a in audits)


def test_reassign_in_bulk_gives_open_audits_to_another_auditor(client, auth, factory):
    consultant = factory.user("consultant")
    first, second = factory.user("auditor"), factory.user("auditor", name="Second")
    open_audit = factory.audit(auditor=first)
    done_audit = factory.audit(auditor=first, status="submitted", answers=SMALL_ANSWERS)
    auth.login(consultant.email)
    client.post(
        "/consultant/audits/bulk",
        data={
            "action": "reassign",
            "auditor": str(second.id),
            "ids": [str(open_audit.id), str(done_audit.id)],
        },
    )
    results = _results(client)
    assert "given to Second" in results and "cannot" not in results.split(str(open_audit.id))[0]
    assert db.session.get(Audit, open_audit.id).auditor_id == second.id
    assert db.session.get(Audit, done_audit.id).auditor_id == first.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reassigned"))
    assert event.data == {"from": first.id, "to": second.id}
    missing = client.post(
        "/consultant/audits/bulk",
        data={"action": "reassign", "ids": [str(open_audit.id)]},
        follow_redirects=True,
    )
    assert "Choose the auditor" in missing.get_data(as_text=True)
