"""The home lists the newest 10 finished audits; the rest are on /auditor/audits?status=done."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def signed_in(auth, auditor):
    auth.login(auditor.email)
    return auditor


@pytest.fixture
def finished(factory, auditor):
    """25 finished audits (shop 1 submitted first ... shop 25 last), in the three states."""
    org = factory.organization("shops")
    states = ("submitted", "approved", "published")
    return [
        factory.audit(
            auditor=auditor,
            location=factory.location(org, name=f"Shop {n:02d}", code=f"S{n}"),
            status=states[n % 3],
            submitted_at=START + timedelta(days=n),
        )
        for n in range(1, 26)
    ]


def shops(html: str) -> list[str]:
    return re.findall(r'class="audit-card-title">(Shop \d+)<', html)


def submitted_group(html: str) -> str:
    return html[
        html.index('id="group-submitted"') : html.index(
            "</section>", html.index('id="group-submitted"')
        )
    ]


def test_home_shows_the_newest_ten_and_a_link_to_all(client, factory, signed_in, finished):
    open_audit = factory.audit(auditor=signed_in, location=factory.location(name="Open shop"))
    html = client.get("/auditor/").get_data(as_text=True)
    group = submitted_group(html)
    assert shops(group) == [f"Shop {n:02d}" for n in range(25, 15, -1)]
    assert '<span class="count">25</span>' in group
    assert 'href="/auditor/audits?status=done"' in group
    assert "Show all submitted audits" in group
    assert "Submitted: " in group
    # Open audits are all still listed, and only they are saved for offline use.
    assert "Open shop" in html
    assert f'"/auditor/audits/{open_audit.id}"' in html
    assert f'"/auditor/audits/{finished[0].id}"' not in html.split('id="offline-config"')[1]


def test_home_without_more_than_ten_has_no_link(client, factory, signed_in):
    factory.audit(auditor=signed_in, status="submitted")
    html = client.get("/auditor/").get_data(as_text=True)
    assert '<span class="count">1</span>' in submitted_group(html)
    assert "Show all submitted audits" not in html


def test_the_list_pages_twenty_newest_first(client, signed_in, finished):
    first = client.get("/auditor/audits?status=done").get_data(as_text=True)
    assert shops(first) == [f"Shop {n:02d}" for n in range(25, 5, -1)]
    assert "Page 1 of 2" in first
    assert 'href="/auditor/audits?status=done&amp;page=2"' in first
    second = client.get("/auditor/audits?status=done&page=2").get_data(as_text=True)
    assert shops(second) == [f"Shop {n:02d}" for n in range(5, 0, -1)]
    assert "Page 2 of 2" in second
    assert 'href="/auditor/audits?status=done&amp;page=1"' in second
    for state in ("submitted", "approved", "published"):
        assert f"badge-{state}" in first


def test_the_list_is_only_mine_and_only_finished(client, factory, signed_in):
    factory.audit(auditor=signed_in, status="submitted", location=factory.location(name="Mine"))
    factory.audit(auditor=signed_in, status="in_progress", location=factory.location(name="Open"))
    other = factory.user("auditor")
    factory.audit(auditor=other, status="submitted", location=factory.location(name="Theirs"))
    html = client.get("/auditor/audits?status=done").get_data(as_text=True)
    assert "Mine" in html
    assert "Open" not in html.split("<main")[1]
    assert "Theirs" not in html
    assert "Page 1 of" not in html  # one page: no pagination


@pytest.mark.parametrize(("page", "status"), [("0", 400), ("-1", 400), ("x", 400), ("99", 200)])
def test_a_bad_page_is_a_400_and_an_empty_one_answers(client, signed_in, finished, page, status):
    response = client.get(f"/auditor/audits?status=done&page={page}")
    assert response.status_code == status  # a bad number in a query is a 400 (docs/api.md)


def test_no_finished_audits_says_so(client, signed_in):
    html = client.get("/auditor/audits").get_data(as_text=True)
    assert "You have not submitted any audits yet." in html


def test_unknown_status_is_404_and_other_people_are_turned_away(client, factory, auth, signed_in):
    assert client.get("/auditor/audits?status=open").status_code == 404
    auth.logout()
    assert client.get("/auditor/audits?status=done").status_code == 302  # to sign in
    auth.login(factory.user("consultant").email)
    assert client.get("/auditor/audits?status=done").status_code == 403
