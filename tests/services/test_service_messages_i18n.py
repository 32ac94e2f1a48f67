"""Service error messages go through Flask-Babel, so a language is a translation job; in
English (and outside a request, where Flask-Babel has no catalogue) they read as before."""

from __future__ import annotations

import flask_babel
import pytest
from babel.support import NullTranslations

from audit.services.accounts import create_user, use_password_link
from audit.services.answers import normalise_changes
from audit.services.errors import ServiceError
from audit.services.photos import add_photo, clean_caption
from audit.services.report_filters import parse_filters
from audit.services.scores import submission_problems
from audit.services.workflow import approve_audit, assign_audit, require_own_editable


class Marked(NullTranslations):
    """A pseudo-language: every message is marked «...», placeholders kept."""

    def ugettext(self, message: str) -> str:
        return f"«{message}»"

    gettext = ugettext


@pytest.fixture
def pseudo(monkeypatch):
    """Translate every message into the marked pseudo-language."""
    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda self: Marked())


def raised(call, *args, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call(*args, **kwargs)
    return caught.value


def assert_translated(error: ServiceError) -> None:
    assert error.message.startswith("«") and error.message.endswith("»")
    assert error.details
    for detail in error.details:
        assert detail["message"].startswith("«"), detail


def test_validation_messages_and_their_details_are_translated(factory, pseudo):
    assert_translated(raised(create_user, email="nope", name="", role="boss", password="x"))
    assert_translated(raised(use_password_link, "no-such-token", "password123"))
    assert_translated(raised(parse_filters, {"status": "lost", "from": "May", "location": "x"}))
    auditor = factory.user("auditor", active=False)
    version, location = factory.checklist(), factory.location()
    error = raised(
        assign_audit, version=version, location=location, auditor=auditor, assigned_by=None
    )
    assert_translated(error)
    assert error.details == [
        {"field": "auditor", "message": f"«{auditor.email} is not an active auditor»"}
    ]


def test_state_and_permission_messages_are_translated(factory, pseudo):
    audit = factory.audit(status="approved")
    error = raised(approve_audit, audit, factory.user())
    assert error.message == "«This audit is «approved»; it cannot be «approved» now.»"
    assert raised(require_own_editable, audit, factory.user("auditor")).message.startswith("«")
    error = raised(normalise_changes, audit, {"nowhere": None})
    assert error.details == [{"field": "nowhere", "message": "«unknown criterion `nowhere`»"}]


def test_photo_messages_are_translated(factory, pseudo):
    assert_translated(raised(clean_caption, 42))
    error = raised(clean_caption, "x" * 501)
    assert error.details == [{"field": "caption", "message": "«at most 500 characters»"}]
    audit = factory.audit(status="in_progress")
    error = raised(add_photo, audit, audit.auditor, b"", touchpoint="lobby")
    assert_translated(error)
    assert error.details[0]["message"] == "«unknown touchpoint `lobby`»"
    for _ in range(3):
        factory.photo(audit, "greeting")
    error = raised(add_photo, audit, audit.auditor, b"", touchpoint="greeting")
    assert_translated(error)
    assert error.message == (
        "«Greeting already has 3 photo(s), the most allowed; delete one first.»"
    )
    assert error.details[0]["message"] == "«at most 3 photo(s)»"


def test_a_refused_photo_is_translated_around_the_ingest_reason(factory, pseudo):
    audit = factory.audit(status="in_progress")
    error = raised(add_photo, audit, audit.auditor, b"not an image", touchpoint="greeting")
    # The reason comes from audit.photos (no Flask there) as a code, translated here.
    assert error.message == "«The photo was refused: «not a JPEG, PNG or WebP image».»"
    assert error.details == [
        {"field": "file", "message": "«not a JPEG, PNG or WebP image»", "code": "unsupported_type"}
    ]


def test_english_photo_messages_read_as_before(factory):
    error = raised(clean_caption, "x" * 501)
    assert (error.message, error.details) == (
        "The caption is too long.",
        [{"field": "caption", "message": "at most 500 characters"}],
    )
    audit = factory.audit(status="in_progress")
    error = raised(add_photo, audit, audit.auditor, b"", touchpoint="lobby")
    assert error.details == [{"field": "touchpoint", "message": "unknown touchpoint `lobby`"}]
    for _ in range(3):
        factory.photo(audit, "greeting")
    error = raised(add_photo, audit, audit.auditor, b"", touchpoint="greeting")
    assert error.message == "Greeting already has 3 photo(s), the most allowed; delete one first."
    assert error.details == [{"field": "touchpoint", "message": "at most 3 photo(s)"}]
    error = raised(add_photo, audit, audit.auditor, b"", touchpoint="tills")
    assert error.message == "The photo was refused: file is empty."


def test_submission_problems_are_translated_with_their_names_filled_in(factory, pseudo):
    audit = factory.audit(status="in_progress")
    problems = submission_problems(audit)
    assert {p["kind"] for p in problems} == {"missing_answer"}
    assert "«Greeting: “Was the shopper greeted?” is not answered»" in [
        p["message"] for p in problems
    ]


def test_english_is_unchanged_outside_a_request():
    error = raised(parse_filters, {"status": "lost", "from": "2025-05-02", "to": "2025-05-01"})
    assert error.message == "Some filters are not valid."
    assert error.details[0]["message"].startswith("one of assigned, in_progress")
    assert error.details[1] == {"field": "from", "message": "`from` is after `to`"}


def test_english_submission_problems_read_as_before(factory):
    problems = submission_problems(factory.audit(status="in_progress"))
    assert [p["message"] for p in problems] == [
        "Greeting: “Was the shopper greeted?” is not answered",
        "Tills: “Minutes waited” is not answered",
    ]


EVIDENCE = """\
id: evidence
title: Evidence
touchpoints:
  - key: door
    name: Door
    stage: purchase
    channel: in_store
    photos: {min: 2, max: 3}
    criteria:
      - {key: clean, text: Was the door clean?, pillar: people, type: yes_no,
         comment_on_fail: true, photo_on_fail: true}
"""


def test_english_evidence_problems_read_as_before(factory):
    audit = factory.audit(
        version=factory.checklist(EVIDENCE), status="in_progress", answers={"clean": "no"}
    )
    assert [p["message"] for p in submission_problems(audit)] == [
        "Door: 2 photo(s) required, 0 attached",
        "Door: “Was the door clean?” failed; add a comment saying what you saw",
        "Door: “Was the door clean?” failed; attach a photo as evidence",
    ]
