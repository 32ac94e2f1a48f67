"""Visit times read in the location's time zone (stored in UTC), and the visit date is local."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import SMALL_ANSWERS

LATE_EVENING_UTC = datetime(2025, 3, 12, 21, 30, tzinfo=UTC)  # 01:30 on the 13th in Dubai


@pytest.fixture
def dubai(factory):
    """A published audit of a Dubai location visited at 21:30 UTC, and who reads it."""
    org = factory.organization("gulf", name="Gulf Stores")
    auditor = factory.user("auditor")
    audit = factory.audit(
        auditor=auditor,
        location=factory.location(org, name="Dubai Mall", timezone="Asia/Dubai"),
        status="published",
        answers=SMALL_ANSWERS,
        visited_at=LATE_EVENING_UTC,
        submitted_at=datetime(2025, 3, 12, 22, 0, tzinfo=UTC),
        published_at=datetime(2025, 3, 14, 6, 0, tzinfo=UTC),
        wave="2025-Q1",
    )
    users = {
        "client": factory.user("client", organization=org),
        "consultant": factory.user("consultant"),
        "auditor": auditor,
    }
    return users, audit


def test_client_page_and_list_show_the_visit_in_dubai_time(dubai, client, auth):
    users, audit = dubai
    auth.login(users["client"].email)
    page = client.get(f"/client/audits/{audit.id}").get_data(as_text=True)
    assert "Mar 13, 2025, 01:30 +04" in page
    assert "Mar 12, 2025" not in page
    assert "Mar 14, 2025, 10:00 +04" in page  # published
    assert "Mar 13, 2025, 01:30 +04" in client.get("/client/audits").get_data(as_text=True)


def test_pdf_shows_the_visit_and_trail_in_dubai_time(dubai, api, pdfs):
    users, audit = dubai
    text = pdfs.text(api(users["client"]).get(f"/audits/{audit.id}/report.pdf").data)
    assert "13 Mar 2025, 01:30 +04" in text
    assert "13 Mar 2025, 02:00 +04" in text  # submitted, in the timings
    assert "21:30" not in text


def test_review_and_auditor_pages_use_the_location_zone(dubai, client, auth):
    users, audit = dubai
    auth.login(users["consultant"].email)
    review = client.get(f"/consultant/audits/{audit.id}").get_data(as_text=True)
    assert "Mar 13, 2025, 01:30 +04" in review and "Mar 14, 2025, 10:00 +04" in review
    auth.logout()
    auth.login(users["auditor"].email)
    home = client.get("/auditor/").get_data(as_text=True)
    assert "Mar 13, 2025, 02:00 +04" in home  # submitted


def test_zone_abbreviation_where_the_zone_has_one(factory, client, auth):
    org = factory.organization("ru")
    audit = factory.audit(
        location=factory.location(org, timezone="Europe/Moscow"),
        status="published",
        answers=SMALL_ANSWERS,
        visited_at=LATE_EVENING_UTC,
    )
    auth.login(factory.user("client", organization=org).email)
    page = client.get(f"/client/audits/{audit.id}").get_data(as_text=True)
    assert "Mar 13, 2025, 00:30 MSK" in page


@pytest.mark.parametrize(
    ("query", "in_dubai", "in_utc"),
    [
        ("from=2025-03-13&to=2025-03-13", True, False),
        ("from=2025-03-13", True, False),
        ("to=2025-03-12", False, True),
        ("from=2025-03-12&to=2025-03-12", False, True),
    ],
)
def test_visit_date_filters_use_the_local_date(dubai, factory, api, query, in_dubai, in_utc):
    users, audit = dubai
    utc_shop = factory.audit(
        location=factory.location(audit.organization, name="UTC shop"),
        status="published",
        answers=SMALL_ANSWERS,
        visited_at=LATE_EVENING_UTC,
    )
    ids = {item["id"] for item in api(users["client"]).get(f"/audits?{query}").get_json()["items"]}
    assert (audit.id in ids) is in_dubai
    assert (utc_shop.id in ids) is in_utc
