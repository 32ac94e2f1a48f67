"""The wave summary PDF and the dashboard show the same figures for the same wave.

A wave with in-store and phone audits at several locations (two at one location in the
same wave): the PDF counts every audit, means them per location like the dashboard, and
shows the dashboard's change since the previous wave.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.factories import SMALL_ANSWERS, SMALL_CHECKLIST

PHONE = (
    SMALL_CHECKLIST.format(slug="phone-enquiry")
    .replace("Small store visit", "Phone enquiry")
    .replace("in_store", "phone")
)


@pytest.fixture
def wave(factory):
    """Waves W1 and W2 of one client: Lyon in store and by phone, Paris, Nice new in W2."""
    org = factory.organization("acme", name="Acme Retail")
    store, phone = factory.checklist(), factory.checklist(PHONE)
    lyon, paris, nice = (factory.location(org, name=n) for n in ("Lyon", "Paris", "Nice"))
    plan = [
        (lyon, store, "W1", 1, {"greeted": "yes", "warmth": 5, "wait": 1}),
        (paris, store, "W1", 1, {"greeted": "yes", "warmth": 3, "wait": 7}),
        (lyon, store, "W2", 3, {"greeted": "yes", "warmth": 4, "wait": 7}),
        (lyon, phone, "W2", 4, {"greeted": "no", "wait": 12}),  # the newest: 'latest' once
        (paris, phone, "W2", 3, {"greeted": "yes", "warmth": 5, "wait": 1}),
        (nice, store, "W2", 3, {"greeted": "no", "wait": 8}),
    ]
    for location, version, label, month, answers in plan:
        factory.audit(
            location=location,
            version=version,
            status="published",
            answers={**SMALL_ANSWERS, **answers},
            wave=label,
            visited_at=datetime(2025, month, 10, tzinfo=UTC),
        )
    factory.audit(location=nice, version=store, status="approved", wave="W2")  # not counted
    return factory.user("client", organization=org)


def change_words(change: float | None) -> str:
    """The change as both the page and the PDF print it (without the arrow)."""
    if change is None:
        return "new"
    return f"+{change:.1f}" if change > 0 else f"{change:.1f}" if change < 0 else "0.0"


def dashboard_rows(page: str) -> dict[str, tuple[int, str, str]]:
    """League table rows of the dashboard page: name -> (audits, mean, change)."""
    body = page[page.index('<table class="league') :]
    body = body[: body.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]:
        cells = [
            re.sub(r"<[^>]+>|[▲▼=]", " ", c).split() for c in re.findall(r"<td.*?</td>", row, re.S)
        ]
        rows[cells[1][0]] = (int(cells[3][0]), cells[4][0], cells[5][0])
    return rows


def test_pdf_shows_the_dashboards_count_mean_and_change(wave, api, client, auth, pdfs):
    summary = api(wave).get("/reports/summary?wave=W2").get_json()
    assert summary["count"] == 4
    items = {row["name"]: row for row in summary["locations"]["items"]}
    assert items["Lyon"]["count"] == 2 and items["Nice"]["change"] is None

    auth.login(wave.email)
    page = client.get("/client/?wave=W2").get_data(as_text=True)
    assert re.search(r"Published audits</span><span class=\"kpi-value\">4<", page)
    assert f"{summary['mean_overall']:.1f}" in page
    shown = dashboard_rows(page)
    for name, row in items.items():
        assert shown[name] == (
            row["count"],
            f"{row['mean_overall']:.1f}",
            change_words(row["change"]),
        )

    response = api(wave).get("/reports/wave-summary.pdf?wave=W2")
    assert response.status_code == 200
    raw = [page.extract_text() for page in pdfs.reader(response.data).pages]
    pages = [pdfs.squash(text) for text in raw]
    assert "4audits" in pages[0] and "at3locations" in pages[0]
    assert f"MEANOVERALLSCORE{summary['mean_overall']:.1f}" in pages[0]
    lines = raw[0].splitlines()
    for name, row in items.items():  # the league table: rank, name, city, audits, mean, ...
        at = next(i for i in range(len(lines) - 1) if lines[i : i + 2] == [str(row["rank"]), name])
        count, mean, _grade, change = lines[at + 3 : at + 7]  # after the city line
        assert (int(count), mean) == (row["count"], f"{row['mean_overall']:.1f}")
        assert change.lstrip("▲▼= ") == change_words(row["change"])
    for name, row in items.items():  # each location's page
        text = next(p for p in pages[1:] if f"Rank{row['rank']}of{len(items)}" in p)
        assert name in text
        assert f"{row['mean_overall']:.1f}" in text
        assert f"change{change_words(row['change'])}" in text.replace("▲", "").replace("▼", "")
        assert f"{row['count']}audit" in text
