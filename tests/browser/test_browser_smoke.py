"""The browser can sign in and see the role's home page, at tablet size."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_sign_in_lands_on_home_without_horizontal_scroll(factory, page, browser_login):
    user = factory.user("auditor", name="Ada Auditor")
    browser_login(user.email)
    assert page.url.endswith("/auditor/")
    assert "Ada Auditor" in page.content()
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
