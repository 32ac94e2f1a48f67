"""PATCH /audits/{id}/answers and POST /audits/{id}/submit: the auditor's writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from audit.extensions import db
from audit.models import Audit, AuditEvent


def reload(audit_id: int) -> Audit:
    db.session.expire_all()
    return db.session.get(Audit, audit_id)


def test_patch_saves_normalised_answers_and_starts_the_audit(api, auditor, audit):
    response = api(auditor).patch(
        f"/audits/{audit.id}/answers", json={"greeted": True, "warmth": "4", "wait": "3.5"}
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body["id"] == audit.id
    assert body["status"] == "in_progress"
    assert body["answers"] == {"greeted": "yes", "warmth": 4, "wait": 3.5}
    assert body["score"]["touchpoints"]["greeting"] is not None
    assert reload(audit.id).started_at is not None


def test_null_removes_an_answer(api, auditor, audit):
    client = api(auditor)
    client.patch(f"/audits/{audit.id}/answers", json={"greeted": "no", "wait": 2})
    response = client.patch(f"/audits/{audit.id}/answers", json={"wait": None})
    assert response.status_code == 200
    assert response.json["answers"] == {"greeted": "no"}


def test_invalid_values_answer_422_per_key_and_save_nothing(api, auditor, audit):
    response = api(auditor).patch(
        f"/audits/{audit.id}/answers",
        json={"greeted": "maybe", "warmth": 9, "nope": "x", "wait": 1},
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "validation_failed"
    fields = {d["field"] for d in error["details"]}
    assert fields == {"greeted", "warmth", "nope"}
    assert reload(audit.id).answer_values() == {}


def test_unknown_key_with_null_is_422_not_500(api, auditor, audit):
    response = api(auditor).patch(f"/audits/{audit.id}/answers", json={"nope": None})
    assert response.status_code == 422
    assert response.json["error"]["details"][0]["field"] == "nope"


def test_na_only_where_allowed(api, auditor, evidence_audit):
    client = api(auditor)
    ok = client.patch(f"/audits/{evidence_audit.id}/answers", json={"signage": "n/a"})
    assert ok.status_code == 200
    assert ok.json["answers"]["signage"] == "N/A"
    refused = client.patch(f"/audits/{evidence_audit.id}/answers", json={"nps": "N/A"})
    assert refused.status_code == 422


@pytest.mark.parametrize("body", [[1, 2], "yes"])
def test_malformed_body_is_400(api, auditor, audit, body):
    response = api(auditor).patch(f"/audits/{audit.id}/answers", json=body)
    assert response.status_code == 400


def test_another_auditors_audit_is_404(api, factory, audit):
    other = api(factory.user("auditor"))
    response = other.patch(f"/audits/{audit.id}/answers", json={"greeted": "yes"})
    assert response.status_code == 404
    assert other.post(f"/audits/{audit.id}/submit").status_code == 404


def test_consultant_may_not_answer(api, factory, audit):
    consultant = api(factory.user("consultant"))
    response = consultant.patch(f"/audits/{audit.id}/answers", json={"greeted": "yes"})
    assert response.status_code == 403
    assert consultant.post(f"/audits/{audit.id}/submit").status_code == 403


def test_client_may_not_answer_even_a_published_audit(api, factory, auditor):
    published = factory.audit(auditor=auditor, status="published")
    client_user = factory.user("client", organization=published.organization)
    response = api(client_user).patch(f"/audits/{published.id}/answers", json={"greeted": "yes"})
    assert response.status_code == 403


def test_client_gets_404_for_an_unpublished_audit(api, factory, audit):
    client_user = factory.user("client", organization=audit.organization)
    response = api(client_user).patch(f"/audits/{audit.id}/answers", json={"greeted": "yes"})
    assert response.status_code == 404


def test_anonymous_is_401(api, audit):
    assert api().patch(f"/audits/{audit.id}/answers", json={}).status_code == 401


@pytest.mark.parametrize("status", ["submitted", "approved", "published"])
def test_editing_after_submit_is_409(api, factory, auditor, status):
    done = factory.audit(auditor=auditor, status=status, answers={"greeted": "yes"})
    response = api(auditor).patch(f"/audits/{done.id}/answers", json={"greeted": "no"})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "invalid_state"
    assert reload(done.id).answer_values() == {"greeted": "yes"}


def test_envelope_saves_comments_and_reports_conflicts(api, auditor, audit):
    client = api(auditor)
    now = datetime.now(UTC)
    first = client.patch(
        f"/audits/{audit.id}/answers",
        json={
            "answers": {"greeted": "no"},
            "comments": {"greeted": "Nobody at the door"},
            "edited_at": now.isoformat(),
        },
    )
    assert first.status_code == 200
    assert first.json["saved"] == ["greeted"]
    assert first.json["conflicts"] == []
    assert first.json["audit"]["comments"] == {"greeted": "Nobody at the door"}

    # A device that was offline syncs an edit made BEFORE the one above: it loses, loudly.
    late = client.patch(
        f"/audits/{audit.id}/answers",
        json={"answers": {"greeted": "yes"}, "edited_at": (now - timedelta(minutes=5)).isoformat()},
    )
    assert late.status_code == 200
    assert late.json["saved"] == []
    [conflict] = late.json["conflicts"]
    assert conflict["criterion"] == "greeted"
    assert conflict["kept"] == "no"
    assert late.json["audit"]["answers"]["greeted"] == "no"
    assert (
        db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "sync_conflict"))
        is not None
    )


def test_envelope_later_edit_wins(api, auditor, audit):
    client = api(auditor)
    earlier = datetime.now(UTC) - timedelta(hours=1)
    client.patch(
        f"/audits/{audit.id}/answers",
        json={"answers": {"wait": 4}, "edited_at": earlier.isoformat()},
    )
    later = client.patch(
        f"/audits/{audit.id}/answers",
        json={"answers": {"wait": 7}, "edited_at": (earlier + timedelta(minutes=1)).isoformat()},
    )
    assert later.json["saved"] == ["wait"]
    assert later.json["audit"]["answers"]["wait"] == 7.0


def test_envelope_future_edit_time_is_clamped_to_now(api, auditor, audit):
    client = api(auditor)
    future = datetime.now(UTC) + timedelta(days=3)
    client.patch(
        f"/audits/{audit.id}/answers",
        json={"answers": {"wait": 4}, "edited_at": future.isoformat()},
    )
    # A device with a fast clock must not win against every later edit.
    response = client.patch(f"/audits/{audit.id}/answers", json={"wait": 5})
    assert response.json["answers"]["wait"] == 5.0


@pytest.mark.parametrize(
    "body",
    [
        {"answers": {"wait": 1}, "edited_at": "yesterday"},
        {"answers": {"wait": 1}, "comments": {"wait": 3}},
        {"answers": {"wait": 1}, "comments": ["x"]},
    ],
)
def test_bad_envelope_is_400(api, auditor, audit, body):
    assert api(auditor).patch(f"/audits/{audit.id}/answers", json=body).status_code == 400


def test_comment_for_unknown_criterion_is_422(api, auditor, audit):
    response = api(auditor).patch(
        f"/audits/{audit.id}/answers", json={"answers": {}, "comments": {"nope": "x"}}
    )
    assert response.status_code == 422


def test_submit_lists_missing_answers(api, auditor, audit):
    client = api(auditor)
    client.patch(f"/audits/{audit.id}/answers", json={"greeted": "yes"})
    response = client.post(f"/audits/{audit.id}/submit")
    assert response.status_code == 422
    details = response.json["error"]["details"]
    missing = {d["criterion"] for d in details if d["kind"] == "missing_answer"}
    assert missing == {"warmth", "wait"}  # notes is text (optional); warmth is shown by yes
    assert all(d["touchpoint"] and d["message"] for d in details)


def test_submit_then_read_only(api, auditor, audit):
    client = api(auditor)
    client.patch(f"/audits/{audit.id}/answers", json={"greeted": "no", "wait": 2})
    response = client.post(f"/audits/{audit.id}/submit")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "submitted"
    assert response.json["submitted_at"]
    assert client.patch(f"/audits/{audit.id}/answers", json={"wait": 1}).status_code == 409
    assert client.post(f"/audits/{audit.id}/submit").status_code == 409


def test_submit_refuses_a_failed_criterion_without_evidence(api, auditor, evidence_audit):
    client = api(auditor)
    client.patch(
        f"/audits/{evidence_audit.id}/answers",
        json={"clean": "no", "signage": "good", "nps": 8, "queue": 1},
    )
    response = client.post(f"/audits/{evidence_audit.id}/submit")
    assert response.status_code == 422
    kinds = {d["kind"] for d in response.json["error"]["details"]}
    assert kinds == {"comment_required", "photo_required", "photo_shortfall"}


def test_returned_audit_can_be_edited_again(api, factory, auditor):
    returned = factory.audit(
        auditor=auditor,
        status="in_progress",
        return_comment="Please add the waiting time.",
        answers={"greeted": "no"},
    )
    response = api(auditor).patch(f"/audits/{returned.id}/answers", json={"wait": 3})
    assert response.status_code == 200
    assert response.json["return_comment"] == "Please add the waiting time."
