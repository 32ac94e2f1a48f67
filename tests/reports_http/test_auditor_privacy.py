"""Shoppers stay anonymous to the client, and return notes stay internal (platform.md v2).

A matrix over everything a client can read (portal pages, the PDF, the wave summary, the
CSV export, the API) with the organisation's `show_auditor_names` off and on, and the same
outputs for a consultant, who always sees names and notes.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from audit.extensions import db
from audit.services.workflow import approve_audit, publish_audit, return_audit, submit_audit
from tests.factories import SMALL_ANSWERS

NAME = "Zelda Secretname"
EMAIL = "zelda.secret@example.test"
NOTE = "INTERNAL-NOTE retake the tills photo"


@pytest.fixture
def shop(factory):
    """A published audit of acme that was returned once with a note, then resubmitted."""
    acme = factory.organization("acme", name="Acme Retail")
    consultant = factory.user("consultant", name="Cora Consultant")
    # Another auditor is created first (lower user id) but audits acme later.
    later = factory.user("auditor", name="Lars Later")
    auditor = factory.user("auditor", email=EMAIL, name=NAME)
    location = factory.location(acme, name="Acme Lyon")
    version = factory.checklist()
    audit = factory.audit(
        auditor=auditor,
        location=location,
        version=version,
        answers=SMALL_ANSWERS,
        wave="2025-Q1",
    )
    submit_audit(audit, auditor)
    return_audit(audit, consultant, NOTE)
    submit_audit(audit, auditor)
    approve_audit(audit, consultant)
    publish_audit(audit, consultant)
    audit.visited_at = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
    db.session.commit()
    second = factory.audit(auditor=later, location=location, version=version, status="published")
    users = {"consultant": consultant, "client": factory.user("client", organization=acme)}
    return users, audit, second


def _outputs(api, client, auth, user, audit, pdfs) -> dict[str, str]:
    """Every text `user` reads about `audit`: PDFs, CSV, API, then the page (signed in)."""
    caller = api(user)
    texts = {
        "pdf": pdfs.text(caller.get(f"/audits/{audit.id}/report.pdf").data),
        "wave pdf": pdfs.text(caller.get("/reports/wave-summary.pdf?wave=2025-Q1").data),
        "csv": caller.get("/exports/audits.csv").get_data(as_text=True),
        "api audit": caller.get(f"/audits/{audit.id}").get_data(as_text=True),
        "api list": caller.get("/audits").get_data(as_text=True),
    }
    auth.login(user.email)
    if user.is_client:
        texts["page"] = client.get(f"/client/audits/{audit.id}").get_data(as_text=True)
    else:
        texts["page"] = client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True)
    auth.logout()
    return texts


def test_client_sees_a_pseudonym_and_no_return_note(shop, api, client, auth, pdfs):
    users, audit, _second = shop
    body = api(users["client"]).get(f"/audits/{audit.id}").get_json()
    for where, text in _outputs(api, client, auth, users["client"], audit, pdfs).items():
        assert NAME not in text and "Secretname" not in text, where
        assert EMAIL not in text and "zelda.secret" not in text, where
        assert NOTE not in text and "INTERNAL-NOTE" not in text, where
        if where != "api list":  # the list is the summary (auditor without the trail)
            assert "Shopper 1" in text, where
    assert body["auditor"] == {"email": None, "name": "Shopper 1"}
    assert body["return_comment"] is None
    assert "returned" not in [e["action"] for e in body["events"]]
    assert {e["who"] for e in body["events"] if e["action"] == "submitted"} == {"Shopper 1"}


def test_with_show_auditor_names_the_client_sees_names_but_never_notes(
    shop, api, client, auth, pdfs
):
    users, audit, _second = shop
    audit.organization.show_auditor_names = True
    db.session.commit()
    for where, text in _outputs(api, client, auth, users["client"], audit, pdfs).items():
        assert NAME in text, where
        assert EMAIL not in text, where
        assert NOTE not in text, where
        assert "Shopper" not in text, where


def test_consultant_always_sees_names_and_notes(shop, api, client, auth, pdfs):
    users, audit, _second = shop
    texts = _outputs(api, client, auth, users["consultant"], audit, pdfs)
    for where, text in texts.items():
        assert NAME in text, where
        assert "Shopper" not in text, where
    for where in ("pdf", "api audit", "page"):
        assert NOTE in pdfs.squash(texts[where]) or NOTE in texts[where], where
    assert EMAIL in texts["api audit"] and EMAIL in texts["page"]


def test_shopper_numbers_follow_first_audit_per_organisation(shop, api, factory):
    users, audit, second = shop
    caller = api(users["client"])
    label = caller.get(f"/audits/{second.id}").get_json()["auditor"]["name"]
    # Lars has the lower user id, but Zelda audited acme first.
    assert label == "Shopper 2"
    again = factory.audit(auditor=audit.auditor, location=audit.location, status="published")
    assert caller.get(f"/audits/{again.id}").get_json()["auditor"]["name"] == "Shopper 1"
    globex = factory.organization("globex")
    other = factory.audit(
        auditor=second.auditor, location=factory.location(globex), status="published"
    )
    viewer = api(factory.user("client", organization=globex))
    assert viewer.get(f"/audits/{other.id}").get_json()["auditor"]["name"] == "Shopper 1"
