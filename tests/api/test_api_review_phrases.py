"""The reviewers' comment library through the API: list, save, change, remove (consultants)."""

from __future__ import annotations

from audit.extensions import db
from audit.models import ReviewPhrase
from audit.services.limits import COMMENT_MAX
from audit.services.review_feedback import phrases_for


def test_consultant_lists_saves_changes_and_removes_phrases(as_consultant, factory):
    acme = factory.organization("acme")
    factory.organization("globex")
    factory.phrase("Zoom out", organization=acme)
    factory.phrase("Photo of the counter")
    made = as_consultant.post("/review-phrases", json={"text": "  Greet  ", "organization": "acme"})
    assert made.status_code == 201
    phrase = made.get_json()
    assert phrase["text"] == "Greet" and phrase["organization"] == "acme"
    assert phrase["created_at"]
    listed = as_consultant.get("/review-phrases?per_page=2").get_json()
    assert listed["total"] == 3
    assert [(p["text"], p["organization"]) for p in listed["items"]] == [
        ("Photo of the counter", None),  # global phrases first
        ("Greet", "acme"),
    ]
    assert [
        p["text"]
        for p in as_consultant.get("/review-phrases?page=2&per_page=2").get_json()["items"]
    ] == ["Zoom out"]

    moved = as_consultant.patch(f"/review-phrases/{phrase['id']}", json={"organization": "globex"})
    assert moved.status_code == 200 and moved.get_json()["text"] == "Greet"
    assert moved.get_json()["organization"] == "globex"
    changed = as_consultant.patch(
        f"/review-phrases/{phrase['id']}", json={"text": "Greet warmly", "organization": None}
    )
    assert changed.get_json() | {"created_at": None} == {
        "id": phrase["id"],
        "text": "Greet warmly",
        "organization": None,
        "created_at": None,
    }
    assert "Greet warmly" in [p.text for p in phrases_for(acme.id)]  # offered to every audit

    assert as_consultant.delete(f"/review-phrases/{phrase['id']}").status_code == 204
    assert db.session.get(ReviewPhrase, phrase["id"]) is None
    assert as_consultant.delete(f"/review-phrases/{phrase['id']}").status_code == 404
    assert as_consultant.get("/review-phrases").get_json()["total"] == 2


def test_bad_phrases_are_refused_by_field(as_consultant, factory):
    phrase = factory.phrase("Photo of the counter")
    cases = [
        ({"text": "   "}, "text"),
        ({"text": "x" * (COMMENT_MAX + 1)}, "text"),
        ({"text": "Fine", "organization": "nope"}, "organization"),
        ({"text": 3}, "text"),
    ]
    for body, field in cases:
        response = as_consultant.post("/review-phrases", json=body)
        assert response.status_code == 422, body
        fields = [d["field"] for d in response.get_json()["error"]["details"]]
        assert field in fields, (body, fields)
    url = f"/review-phrases/{phrase.id}"
    assert as_consultant.patch(url, json={"text": ""}).status_code == 422
    assert as_consultant.patch(url, json={"colour": "red"}).status_code == 422
    assert as_consultant.patch("/review-phrases/999999", json={"text": "x"}).status_code == 404
    assert as_consultant.post("/review-phrases", data="[]").status_code == 400
    assert db.session.scalars(db.select(ReviewPhrase.text)).all() == ["Photo of the counter"]


def test_only_consultants_use_the_library(api, factory):
    acme = factory.organization("acme")
    phrase = factory.phrase("Photo of the counter")
    for user in (factory.user("auditor"), factory.user("client", organization=acme)):
        caller = api(user)
        assert caller.get("/review-phrases").status_code == 403
        assert caller.post("/review-phrases", json={"text": "Mine"}).status_code == 403
        assert caller.patch(f"/review-phrases/{phrase.id}", json={"text": "x"}).status_code == 403
        assert caller.delete(f"/review-phrases/{phrase.id}").status_code == 403
    assert api().get("/review-phrases").status_code == 401
    assert db.session.scalars(db.select(ReviewPhrase.text)).all() == ["Photo of the counter"]
