"""A big wave's summary from the client's dashboard: built in the background, with a
progress bar that polls, then downloaded (CSRF on, as in production)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import SMALL_ANSWERS

pytestmark = pytest.mark.browser


def test_wave_summary_is_built_in_the_background_then_downloaded(csrf_page, csrf_login, factory):
    acme = factory.organization("acme", name="Acme Retail")
    factory.audit(
        location=factory.location(acme, name="Acme Lyon"),
        status="published",
        answers=SMALL_ANSWERS,
        visited_at=datetime(2025, 3, 12, 14, 5, tzinfo=UTC),
        wave="W1",
    )
    client = factory.user("client", organization=acme)
    csrf_login(client.email)
    page = csrf_page
    calls: list[str] = []
    page.on("request", lambda r: calls.append(f"{r.method} {r.url.split('/api/v1', 1)[-1]}"))
    page.goto("/client/?wave=W1")
    with page.expect_download() as download:
        page.click("a[data-report-job]")
    assert download.value.suggested_filename == "wave-acme-w1.pdf"
    status = page.locator(".job-status")
    assert status.locator(".job-message").inner_text() == "Ready."
    assert status.locator("progress").evaluate("bar => bar.value") == 100
    assert "POST /reports/wave-summary.pdf?wave=W1" in calls  # the job, not the plain link
    assert any(call.startswith("GET /jobs/") for call in calls)
    assert calls[-1] == "GET /reports/wave-summary.pdf?wave=W1"
