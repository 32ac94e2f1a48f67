"""Review: the queue, the review page, corrections, return, approve, publish (one or many)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from audit.extensions import db
from audit.models import Audit, AuditEvent


@pytest.fixture
def submitted(world, factory):
    now = datetime.now(UTC)
    return factory.audit(
        auditor=world["auditor"],
        location=world["location"],
        version=world["version"],
        status="submitted",
        answers={"greeted": "yes", "warmth": 4, "wait": 7, "notes": "Friendly staff"},
        started_at=now - timedelta(minutes=42),
        submitted_at=now,
        visited_at=now - timedelta(minutes=42),
        wave="2026 Q4",
    )


def _audit(audit_id: int) -> Audit:
    db.session.expire_all()
    return db.session.get(Audit, audit_id)


def test_queue_is_oldest_first(client, consultant, world, factory):
    now = datetime.now(UTC)
    newer = factory.audit(location=world["location"], status="submitted", submitted_at=now)
    older = factory.audit(
        location=world["location"], status="submitted", submitted_at=now - timedelta(days=2)
    )
    factory.audit(location=world["location"], status="approved")
    page = client.get("/consultant/review").get_data(as_text=True)
    first = page.index(f'/consultant/audits/{older.id}"')
    second = page.index(f'/consultant/audits/{newer.id}"')
    assert first < second
    assert "(2)" in page


def test_review_page_shows_everything(client, consultant, submitted, factory):
    factory.photo(submitted, "greeting", caption="Entrance", width=1600, height=1200)
    page = client.get(f"/consultant/audits/{submitted.id}").get_data(as_text=True)
    for text in (
        "Was the shopper greeted?",
        "Friendly staff",
        "Minutes waited",
        "Entrance",
        "42 min",
        "2026 Q4",
        "Lyon Part-Dieu",
        "Pillars",
        "Touchpoints",
        "Approve",
    ):
        assert text in page, text
    assert f"/consultant/audits/{submitted.id}/photos/" in page and "/display" in page
    missing_file = client.get(f"/consultant/audits/{submitted.id}/photos/1/display")
    assert missing_file.status_code == 404


def test_correction_is_recorded_with_who_and_why(client, consultant, submitted):
    before = _audit(submitted.id).overall
    response = client.post(
        f"/consultant/audits/{submitted.id}/answers/wait/correct",
        data={"value": "12", "reason": "Receipt shows 12 minutes"},
        follow_redirects=True,
    )
    assert "Answer corrected" in response.get_data(as_text=True)
    audit = _audit(submitted.id)
    assert audit.answer_values()["wait"] == 12.0 and audit.overall < before
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer_corrected"))
    assert event.actor_id == consultant.id and event.comment == "Receipt shows 12 minutes"
    assert event.data == {"criterion": "wait", "before": 7, "after": 12.0}
    page = client.get(f"/consultant/audits/{submitted.id}").get_data(as_text=True)
    assert "Receipt shows 12 minutes" in page


def test_bad_corrections_change_nothing(client, consultant, submitted):
    bad_value = client.post(
        f"/consultant/audits/{submitted.id}/answers/warmth/correct",
        data={"value": "9", "reason": "typo"},
        follow_redirects=True,
    )
    assert bad_value.status_code == 200
    no_reason = client.post(
        f"/consultant/audits/{submitted.id}/answers/wait/correct", data={"value": "3"}
    )
    assert no_reason.status_code == 302
    assert _audit(submitted.id).answer_values()["warmth"] == 4
    assert _audit(submitted.id).answer_values()["wait"] == 7
    published = _audit(submitted.id)
    published.status = "published"
    db.session.commit()
    refused = client.post(
        f"/consultant/audits/{submitted.id}/answers/wait/correct",
        data={"value": "3", "reason": "late"},
        follow_redirects=True,
    )
    assert "Only submitted or approved audits can be corrected" in refused.get_data(as_text=True)
    assert _audit(submitted.id).answer_values()["wait"] == 7


def test_return_needs_a_comment_then_goes_back_to_the_auditor(client, consultant, submitted):
    empty = client.post(
        f"/consultant/audits/{submitted.id}/return", data={"comment": " "}, follow_redirects=True
    )
    assert "a comment is required" in empty.get_data(as_text=True)
    assert _audit(submitted.id).status == "submitted"
    client.post(f"/consultant/audits/{submitted.id}/return", data={"comment": "Photo please"})
    audit = _audit(submitted.id)
    assert audit.status == "in_progress" and audit.return_comment == "Photo please"
    page = client.get(f"/consultant/audits/{submitted.id}").get_data(as_text=True)
    assert "Photo please" in page and "returned" in page


def test_approve_then_publish_and_wrong_states(client, consultant, submitted):
    wrong = client.post(f"/consultant/audits/{submitted.id}/publish", follow_redirects=True)
    assert "cannot be published now" in wrong.get_data(as_text=True)
    client.post(f"/consultant/audits/{submitted.id}/approve")
    assert _audit(submitted.id).status == "approved"
    client.post(f"/consultant/audits/{submitted.id}/publish")
    audit = _audit(submitted.id)
    assert audit.status == "published" and audit.published_at is not None
    actions = [e.action for e in audit.events]
    assert actions[-2:] == ["approved", "published"]


def test_publish_many_is_all_or_nothing(client, consultant, world, factory):
    approved = [factory.audit(location=world["location"], status="approved") for _ in range(2)]
    submitted = factory.audit(location=world["location"], status="submitted")
    ids = [str(a.id) for a in approved]
    refused = client.post(
        "/consultant/audits/publish",
        data={"ids": [*ids, str(submitted.id)], "next": "https://evil.example/"},
    )
    assert refused.headers["Location"].startswith("/consultant/audits")
    assert {_audit(a.id).status for a in approved} == {"approved"}
    client.post("/consultant/audits/publish", data={"ids": ids})
    assert {_audit(a.id).status for a in approved} == {"published"}
    nothing = client.post("/consultant/audits/publish", data={}, follow_redirects=True)
    assert "Choose at least one audit" in nothing.get_data(as_text=True)
