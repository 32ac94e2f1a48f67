"""Review: the queue, the review page, corrections, return, approve, publish (one or many)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
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
    assert f"/consultant/audits/{submitted.id}/photos/" in page and "/thumb" in page
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
    wrong = client.post(
        f"/consultant/audits/{submitted.id}/publish", data={"confirm": "1"}, follow_redirects=True
    )
    assert "cannot be published now" in wrong.get_data(as_text=True)
    client.post(f"/consultant/audits/{submitted.id}/approve", data={"confirm": "1"})
    assert _audit(submitted.id).status == "approved"
    client.post(f"/consultant/audits/{submitted.id}/publish", data={"confirm": "1"})
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
        data={"ids": [*ids, str(submitted.id)], "next": "https://evil.example/", "confirm": "1"},
    )
    assert refused.headers["Location"].startswith("/consultant/audits")
    assert {_audit(a.id).status for a in approved} == {"approved"}
    client.post("/consultant/audits/publish", data={"ids": ids, "confirm": "1"})
    assert {_audit(a.id).status for a in approved} == {"published"}
    nothing = client.post(
        "/consultant/audits/publish", data={"confirm": "1"}, follow_redirects=True
    )
    assert "Choose at least one audit" in nothing.get_data(as_text=True)


@pytest.mark.parametrize("step", ["approve", "publish"])
def test_approve_and_publish_need_the_box_ticked(client, consultant, submitted, step):
    if step == "publish":
        client.post(f"/consultant/audits/{submitted.id}/approve", data={"confirm": "1"})
    before = _audit(submitted.id).status
    page = client.get(f"/consultant/audits/{submitted.id}").get_data(as_text=True)
    assert 'name="confirm" value="1" required' in page
    refused = client.post(
        f"/consultant/audits/{submitted.id}/{step}", data={"comment": ""}, follow_redirects=True
    )
    assert "Tick “I have checked" in refused.get_data(as_text=True)
    assert _audit(submitted.id).status == before
    client.post(f"/consultant/audits/{submitted.id}/{step}", data={"confirm": "y"})
    assert _audit(submitted.id).status == {"approve": "approved", "publish": "published"}[step]


def test_publishing_the_selected_audits_needs_the_box_ticked(client, consultant, world, factory):
    approved = factory.audit(location=world["location"], status="approved")
    page = client.get("/consultant/audits").get_data(as_text=True)
    assert "I have checked the selected audits" in page
    refused = client.post(
        "/consultant/audits/publish", data={"ids": [str(approved.id)]}, follow_redirects=True
    )
    assert "Nothing was published" in refused.get_data(as_text=True)
    assert _audit(approved.id).status == "approved"


def test_review_page_links_the_draft_report_then_the_published_one(client, consultant, submitted):
    link = f'href="/api/v1/audits/{submitted.id}/report.pdf"'
    page = client.get(f"/consultant/audits/{submitted.id}").get_data(as_text=True)
    assert link in page and "Draft report (PDF)" in page
    draft = client.get(f"/api/v1/audits/{submitted.id}/report.pdf")
    assert draft.status_code == 200 and draft.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(draft.data)).pages)
    assert "DRAFT" in text
    published = _audit(submitted.id)
    published.status = "published"
    db.session.commit()
    page = client.get(f"/consultant/audits/{submitted.id}").get_data(as_text=True)
    assert link in page and "Report (PDF)" in page and "Draft report" not in page


def test_audit_lists_link_each_reviewable_audit_s_report(client, consultant, world, factory):
    draft = factory.audit(location=world["location"], status="submitted")
    done = factory.audit(location=world["location"], status="published")
    waiting = factory.audit(location=world["location"], status="assigned")
    listing = client.get("/consultant/audits").get_data(as_text=True)
    assert f'href="/api/v1/audits/{draft.id}/report.pdf"' in listing
    assert f'href="/api/v1/audits/{done.id}/report.pdf"' in listing
    assert f"/api/v1/audits/{waiting.id}/report.pdf" not in listing
    queue = client.get("/consultant/review").get_data(as_text=True)
    assert f'href="/api/v1/audits/{draft.id}/report.pdf"' in queue and "Draft PDF" in queue


def test_review_photos_are_thumbnails_in_a_grid_linking_to_full_size(
    client, consultant, submitted, factory
):
    photo = factory.photo(submitted, "greeting", caption="Entrance", width=1600, height=1200)
    page = client.get(f"/consultant/audits/{submitted.id}").get_data(as_text=True)
    base = f"/consultant/audits/{submitted.id}/photos/{photo.id}"
    grid = page[page.index('class="photos photo-grid"') :]
    assert f'src="{base}/thumb"' in grid and 'width="320" height="240"' in grid
    assert f'href="{base}/original"' in grid
    assert f'src="{base}/display"' not in page
