"""The pages work under the Content-Security-Policy: no script or style the policy blocks."""

from __future__ import annotations

import pytest

from tests.factories import SMALL_ANSWERS

pytestmark = pytest.mark.browser


def test_no_page_of_any_role_breaks_the_policy(factory, page, browser_login):
    org = factory.organization()
    auditor = factory.user("auditor")
    client = factory.user("client", organization=org)
    location = factory.location(org)
    editable = factory.audit(auditor=auditor, location=location, status="in_progress")
    published = factory.audit(
        auditor=auditor, location=location, status="published", answers=SMALL_ANSWERS
    )
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    tours = {
        auditor.email: ["/auditor/", f"/auditor/audits/{editable.id}", "/account"],
        factory.user("consultant").email: [
            "/consultant/",
            f"/consultant/audits/{published.id}",
            "/consultant/checklists/new",
        ],
        client.email: ["/client/", f"/client/audits/{published.id}"],
    }
    for email, paths in tours.items():
        browser_login(email)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
        page.context.clear_cookies()
    assert violations == []
