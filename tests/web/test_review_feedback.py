"""Review feedback: notes per criterion, the diff on resubmission, the comment library and
corrections typed with the criterion's own control. Return notes never reach a client."""

from __future__ import annotations

import pytest

from audit.extensions import db
from audit.models import Audit
from tests.factories import SMALL_ANSWERS
from tests.html import region
from tests.images import image_bytes
from tests.reports_http.conftest import pdf_text
from tests.web.auditor.helpers import upload


@pytest.fixture
def shop(factory):
    """A submitted audit of acme's store, its auditor, a consultant and an acme client."""
    acme = factory.organization("acme", name="Acme")
    auditor = factory.user("auditor", name="Ali Auditor")
    audit = factory.audit(
        auditor=auditor,
        location=factory.location(acme, name="Acme Lyon"),
        status="in_progress",
        answers=SMALL_ANSWERS,
    )
    return {
        "audit": audit,
        "auditor": auditor,
        "consultant": factory.user("consultant"),
        "client": factory.user("client", organization=acme),
        "acme": acme,
    }


def _submit(api, shop):
    response = api(shop["auditor"]).post(f"/audits/{shop['audit'].id}/submit")
    assert response.status_code == 200, response.get_json()


def test_notes_per_criterion_reach_the_auditor_at_each_question(shop, api, auth, client):
    _submit(api, shop)
    audit = shop["audit"]
    returned = api(shop["consultant"]).post(
        f"/audits/{audit.id}/return",
        json={"criteria": {"wait": "Check the minutes on the receipt", "greeted": " "}},
    )
    assert returned.status_code == 200, returned.get_json()
    assert returned.get_json()["return_comment"] == "See the notes at 1 question(s)."
    auth.login(shop["auditor"].email)
    page = client.get(f"/auditor/audits/{audit.id}").get_data(as_text=True)
    wait = region(page, "fieldset#c-wait")
    assert "Consultant's note" in wait and "Check the minutes on the receipt" in wait
    assert "review-note" not in region(page, "fieldset#c-greeted")
    # Once submitted again the note is no longer shown to the auditor.
    _submit(api, shop)
    page = client.get(f"/auditor/audits/{audit.id}").get_data(as_text=True)
    assert "Check the minutes on the receipt" not in page


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "comment"),
        ({"comment": " ", "criteria": {}}, "comment"),
        ({"criteria": {"nope": "x"}}, "criteria.nope"),
        ({"criteria": {"wait": 5}}, "criteria.wait"),
        ({"criteria": ["wait"]}, "criteria"),
        ({"criteria": {"wait": "x" * 5001}}, "criteria.wait"),
    ],
)
def test_return_refuses_bad_notes(shop, api, body, field):
    _submit(api, shop)
    response = api(shop["consultant"]).post(f"/audits/{shop['audit'].id}/return", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in {d["field"] for d in response.get_json()["error"]["details"]}
    assert db.session.get(Audit, shop["audit"].id).status == "submitted"


def test_reviewer_sees_what_changed_since_the_return(shop, api, app):
    audit = shop["audit"]
    first = upload(api(shop["auditor"]), audit.id, image_bytes(), caption="Door").get_json()
    _submit(api, shop)
    client = app.test_client()  # the consultant's browser; the auditor uses a token
    client.post("/login", data={"email": shop["consultant"].email, "password": "password123"})
    client.post(
        f"/consultant/audits/{audit.id}/return",
        data={"comment": "Recount the wait", "note-wait": "Seven minutes seems long"},
    )
    auditor = api(shop["auditor"])
    assert auditor.patch(f"/audits/{audit.id}/answers", json={"wait": 4}).status_code == 200
    auditor.patch(
        f"/audits/{audit.id}/answers", json={"answers": {}, "comments": {"notes": "Quiet"}}
    )
    upload(auditor, audit.id, image_bytes(), caption="Receipt")
    auditor.patch(f"/audits/{audit.id}/photos/{first['id']}", json={"caption": "Front door"})
    _submit(api, shop)
    page = client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True)
    diff = region(page, "section.resubmission")
    assert "Minutes waited" in diff and "<del>7</del>" in diff and "<ins>4</ins>" in diff
    assert "your note: Seven minutes seems long" in diff
    assert "Quiet" in diff
    assert "Receipt" in diff and "Front door" in diff
    assert "Was the shopper greeted?" not in diff  # unchanged answers are not listed


def test_return_notes_stay_internal_after_publishing(shop, api, auth, client):
    audit = shop["audit"]
    _submit(api, shop)
    consultant = api(shop["consultant"])
    consultant.post(
        f"/audits/{audit.id}/return",
        json={"comment": "Overall SECRET-A", "criteria": {"wait": "Note SECRET-B"}},
    )
    _submit(api, shop)
    consultant.post(f"/audits/{audit.id}/approve", json={})
    consultant.post(f"/audits/{audit.id}/publish", json={})
    as_client = api(shop["client"])
    body = as_client.get(f"/audits/{audit.id}").get_data(as_text=True)
    pdf = as_client.get(f"/audits/{audit.id}/report.pdf").data
    auth.login(shop["client"].email)
    page = client.get(f"/client/audits/{audit.id}").get_data(as_text=True)
    for secret in ("SECRET-A", "SECRET-B"):
        assert secret not in body and secret not in page and secret not in pdf_text(pdf)


def test_comment_library_offers_global_and_own_phrases(shop, api, auth, client, factory):
    globex = factory.organization("globex")
    factory.phrase("Photo of the whole counter please")
    factory.phrase("Use the Acme greeting script", organization=shop["acme"])
    factory.phrase("Globex only phrase", organization=globex)
    _submit(api, shop)
    auth.login(shop["consultant"].email)
    added = client.post(
        "/consultant/phrases", data={"text": "Answer every question", "organization": "acme"}
    )
    assert added.status_code == 302
    library = client.get("/consultant/phrases").get_data(as_text=True)
    assert "Answer every question" in library and "Globex only phrase" in library
    page = client.get(f"/consultant/audits/{shop['audit'].id}").get_data(as_text=True)
    offered = region(page, "datalist#review-phrases")
    assert "Photo of the whole counter please" in offered
    assert "Use the Acme greeting script" in offered and "Answer every question" in offered
    assert "Globex only phrase" not in offered
    client.post(
        f"/consultant/audits/{shop['audit'].id}/return",
        data={"comment": "Two things.", "phrase": "Photo of the whole counter please"},
    )
    audit = db.session.get(Audit, shop["audit"].id)
    db.session.refresh(audit)
    assert audit.return_comment == "Two things.\nPhoto of the whole counter please"
    assert client.post("/consultant/phrases", data={"text": " "}).status_code == 302
    assert (
        client.post("/consultant/phrases", data={"text": "x", "organization": "nope"}).status_code
        == 404
    )


def test_corrections_use_the_criterion_control(shop, api, auth, client):
    _submit(api, shop)
    auth.login(shop["consultant"].email)
    audit = shop["audit"]
    page = client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True)
    forms = {
        key: region(page, f"form#correct-{key}") for key in ("greeted", "warmth", "wait", "notes")
    }
    assert '<select name="value"' in forms["greeted"]
    assert '<option value="yes" selected>' in forms["greeted"] and 'value="no"' in forms["greeted"]
    assert all(f'<option value="{n}"' in forms["warmth"] for n in range(1, 6))
    assert '<option value="4" selected>' in forms["warmth"]
    assert 'type="number"' in forms["wait"] and 'value="7"' in forms["wait"]
    assert "<textarea" in forms["notes"]
    client.post(
        f"/consultant/audits/{audit.id}/answers/greeted/correct",
        data={"value": "no", "reason": "Seen on the video"},
    )
    assert db.session.get(Audit, audit.id).answer_values()["greeted"] == "no"
