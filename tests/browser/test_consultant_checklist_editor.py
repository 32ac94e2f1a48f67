"""The checklist editor marks a problem on its line as you type, and previews valid YAML."""

from __future__ import annotations

import pytest

from tests.factories import SMALL_CHECKLIST

pytestmark = pytest.mark.browser


def test_editor_shows_the_error_at_its_line_then_previews_when_fixed(factory, page, browser_login):
    user = factory.user("consultant")
    browser_login(user.email)
    page.goto("/consultant/checklists/new")
    source = SMALL_CHECKLIST.format(slug="shop")
    broken = source.replace("pillar: process", "pillar: proces")  # line 18
    editor = page.locator("#source")
    editor.fill(broken)
    mark = page.locator(".editor-gutter span.line-error")
    mark.first.wait_for()
    assert mark.all_inner_texts() == ["18"]
    problem = page.locator("#editor-problems li")
    assert "line 18" in problem.first.inner_text()
    assert "proces" in problem.first.inner_text()
    assert page.locator(".editor-marks .mark").count() == 1
    problem.first.locator("button").click()
    selected = page.evaluate(
        "(() => { const t = document.getElementById('source');"
        " return t.value.slice(t.selectionStart, t.selectionEnd); })()"
    )
    assert "proces" in selected

    editor.fill(source)
    page.locator(".editor.is-valid").wait_for()
    assert page.locator(".editor-gutter span.line-error").count() == 0
    page.locator("#preview fieldset").first.wait_for()
    assert "Was the shopper greeted?" in page.locator("#preview").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False

    page.click("#checklist-form button[type=submit]")
    page.wait_for_url("**/consultant/checklists/shop")
    assert "Saved" in page.content()
