"""Text of any length: over its limit (audit/services/limits.py) it is a 422 naming the field
and the limit, or a form error saying so; at the limit it is stored."""

from __future__ import annotations

import pytest

from audit.services import limits
from tests.factories import SMALL_CHECKLIST


def _too_long(response, field: str, limit: int) -> None:
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    details = response.get_json()["error"]["details"]
    assert any(d.get("field") == field and str(limit) in d["message"] for d in details), details


@pytest.fixture
def as_auditor(api, cast):
    return api(cast.auditor)


@pytest.fixture
def as_consultant(api, cast):
    return api(cast.consultant)


def test_a_text_answer_is_capped(as_auditor, cast):
    path = f"/audits/{cast.open_audit.id}/answers"
    over = as_auditor.patch(path, json={"notes": "x" * (limits.TEXT_ANSWER_MAX + 1)})
    _too_long(over, "notes", limits.TEXT_ANSWER_MAX)
    at = as_auditor.patch(path, json={"notes": "é" * limits.TEXT_ANSWER_MAX})
    assert at.status_code == 200 and at.get_json()["answers"]["notes"] == "é" * 5000


def test_an_answer_comment_is_capped(as_auditor, cast):
    body = {"answers": {"greeted": "yes"}, "comments": {"greeted": "y" * 5001}}
    response = as_auditor.patch(f"/audits/{cast.open_audit.id}/answers", json=body)
    _too_long(response, "greeted", limits.COMMENT_MAX)


def test_a_photo_caption_is_capped(as_auditor, factory, cast):
    photo = factory.photo(cast.open_audit)
    path = f"/audits/{cast.open_audit.id}/photos/{photo.id}"
    _too_long(as_auditor.patch(path, json={"caption": "c" * 501}), "caption", 500)


@pytest.mark.parametrize(
    ("path", "body", "field", "limit"),
    [
        ("/organizations", {"slug": "long", "name": "n" * 201}, "name", 200),
        ("/organizations/acme/locations", {"name": "n" * 201}, "name", 200),
        ("/users", {"email": "u@x.test", "name": "n" * 201, "role": "auditor"}, "name", 200),
        ("/users", {"email": "u" * 250 + "@x.test", "name": "U", "role": "auditor"}, "email", 254),
    ],
)
def test_names_are_capped(as_consultant, cast, path, body, field, limit):
    _too_long(as_consultant.post(path, json=body), field, limit)


def test_an_audit_wave_and_scenario_are_capped(as_consultant, cast):
    base = {
        "checklist": cast.published.checklist_version.slug,
        "location": cast.published.location_id,
        "auditor": cast.auditor.email,
    }
    _too_long(as_consultant.post("/audits", json={**base, "wave": "w" * 101}), "wave", 100)
    response = as_consultant.post("/audits", json={**base, "scenario": "s" * 5001})
    _too_long(response, "scenario", limits.SCENARIO_MAX)


def test_review_comments_are_capped(as_consultant, factory, cast):
    audit = factory.audit(
        auditor=cast.auditor, location=cast.published.location, status="submitted"
    )
    for step in ("return", "approve"):
        response = as_consultant.post(f"/audits/{audit.id}/{step}", json={"comment": "r" * 5001})
        _too_long(response, "comment", limits.COMMENT_MAX)
    done = as_consultant.post(f"/audits/{audit.id}/return", json={"comment": "r" * 5000})
    assert done.status_code == 200


def test_a_checklist_title_is_capped(as_consultant):
    source = SMALL_CHECKLIST.format(slug="long-title").replace("Small store visit", "T" * 201)
    response = as_consultant.post(
        "/checklists", data=source, headers={"Content-Type": "application/yaml"}
    )
    assert response.status_code == 422
    problems = response.get_json()["error"]["details"]
    assert any(p["path"] == "title" and "200" in p["message"] for p in problems), problems


def test_forms_name_the_field_and_the_limit(client, auth, factory, cast):
    auth.login(cast.consultant.email)
    audit = factory.audit(
        auditor=cast.auditor, location=cast.published.location, status="submitted"
    )
    page = client.post(
        f"/consultant/audits/{audit.id}/return", data={"comment": "r" * 5001}, follow_redirects=True
    ).get_data(as_text=True)
    assert "5000" in page and "comment" in page.lower()
    page = client.post(
        "/consultant/users/new",
        data={"email": "new@x.test", "name": "n" * 201, "role": "auditor"},
    ).get_data(as_text=True)
    assert "200" in page


def test_the_auditor_form_refuses_a_text_answer_over_the_limit(client, auth, cast):
    auth.login(cast.auditor.email)
    response = client.post(
        f"/auditor/audits/{cast.open_audit.id}",
        data={"touchpoint": "tills", "a-notes": "n" * 5001, "a-wait": "3"},
    )
    assert response.status_code == 422
    assert "5000" in response.get_data(as_text=True)
