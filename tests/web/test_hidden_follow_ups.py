"""A follow-up hidden by its show_if reads "hidden (follow-up not shown)" on the consultant's
review page and the client's audit page, never "—" like an unanswered criterion."""

from __future__ import annotations

import re

import pytest

HIDDEN = "hidden (follow-up not shown)"


@pytest.fixture
def audit(factory):
    """Not greeted, so `warmth` (show_if greeted = yes) is hidden; `notes` is unanswered."""
    org = factory.organization("acme")
    return factory.audit(
        location=factory.location(org),
        status="published",
        answers={"greeted": "no", "wait": 3},
    )


def answer_cells(page: str, question: str) -> str:
    """The table row of a criterion, by its question (without the cells' narrow-screen labels)."""
    row = re.search(rf"<tr[^>]*>\s*<td>(?:<bdi>)?{re.escape(question)}.*?</tr>", page, re.S)
    assert row, question
    return re.sub(r' data-label="[^"]*"', "", row.group(0))


def test_review_page_labels_hidden_follow_ups(client, auth, factory, audit):
    auth.login(factory.user("consultant").email)
    page = client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True)
    warmth = answer_cells(page, "How warm was the greeting?")
    assert f'<span class="muted answer-hidden">{HIDDEN}</span>' in warmth
    notes = answer_cells(page, "Anything else?")
    assert HIDDEN not in notes and '<td class="answer">—</td>' in notes
    assert '<td class="answer">no' in answer_cells(page, "Was the shopper greeted?")
    assert page.count(HIDDEN) == 1


def test_client_page_lists_hidden_follow_ups_as_skipped(client, auth, factory, audit):
    auth.login(factory.user("client", organization=audit.location.organization).email)
    page = client.get(f"/client/audits/{audit.id}").get_data(as_text=True)
    warmth = answer_cells(page, "How warm was the greeting?")
    assert HIDDEN in warmth and "Skipped" in warmth
    notes = answer_cells(page, "Anything else?")
    assert HIDDEN not in notes and "<td>—</td>" in notes
    assert page.count(HIDDEN) == 1


def test_a_shown_follow_up_reads_its_answer(client, auth, factory):
    audit = factory.audit(status="submitted", answers={"greeted": "yes", "warmth": 4, "wait": 0})
    auth.login(factory.user("consultant").email)
    page = client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True)
    assert HIDDEN not in page
    assert '<td class="answer">4' in answer_cells(page, "How warm was the greeting?")
    assert '<td class="answer">0' in answer_cells(page, "Minutes waited")
