"""The offline outbox never drops work unseen (static/js/outbox.js and the audit page):
a stale CSRF token is renewed, each auditor's queue is theirs, refused changes stay listed,
a failed write on the device is said; an offline reload shows the device's state; the
messages follow the fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from audit.extensions import db
from audit.models import Answer
from tests.browser.test_auditor_form import answers_of, choose_photo, photos_of, tap, wait_for
from tests.browser.test_auditor_signout import OUTBOX
from tests.images import image_bytes

pytestmark = pytest.mark.browser

EVIDENCE = """\
id: evidence-{n}
title: Evidence visit
touchpoints:
  - key: entrance
    name: Entrance
    photos: {{min: 0, max: 2}}
    criteria:
      - {{key: clean, text: Was the entrance clean?, pillar: process, type: yes_no,
         comment_on_fail: true, photo_on_fail: true}}
  - key: desk
    name: Desk
    criteria:
      - {{key: nps, text: Would you recommend?, pillar: people, type: nps}}
"""

# Outbox.<name> fails once, the way a full disk or a private window fails IndexedDB writes.
FAIL_ONCE = """(name) => {
  const real = Outbox[name];
  let failed = false;
  Outbox[name] = function () {
    if (failed) return real.apply(this, arguments);
    failed = true;
    return Promise.reject(new DOMException("The quota has been exceeded.", "QuotaExceededError"));
  };
}"""


@pytest.fixture
def auditor(factory):
    return factory.user("auditor", name="Olga Outbox")


@pytest.fixture
def audit(factory, auditor):
    return factory.audit(auditor=auditor, scenario="Buy a scarf. " * 30)


@pytest.fixture
def small_jpeg(tmp_path):
    path = tmp_path / "door.jpg"
    path.write_bytes(image_bytes(color=(200, 80, 20)))
    return path


def comment_of(audit_id: int, key: str) -> str | None:
    return db.session.scalar(
        select(Answer.comment).where(Answer.audit_id == audit_id, Answer.criterion_key == key)
    )


def open_audit(page, audit, query: str = "") -> None:
    page.goto(f"/auditor/audits/{audit.id}{query}")
    page.wait_for_selector("html.js")


def state(page) -> str:
    return page.locator("[data-sync-state]").inner_text()


def test_a_csrf_failure_renews_the_token_and_sends_the_change(csrf_page, audit, auditor):
    page = csrf_page
    page.goto("/login")
    page.fill("input[name=email]", auditor.email)
    page.fill("input[name=password]", "password123")
    page.check("input[name=remember]")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    open_audit(page, audit)
    # The session cookie is gone (browser restarted); the remember cookie signs the auditor
    # in again, in a new session whose CSRF token the page does not have: 400.
    page.context.clear_cookies(name="session")
    tap(page, "greeted", "Yes")
    assert wait_for(lambda: answers_of(audit.id) == {"greeted": "yes"}), answers_of(audit.id)
    page.locator("[data-sync-state].is-saved").wait_for()
    assert page.locator("[data-not-saved]").is_hidden()


def test_a_change_queued_by_one_auditor_waits_for_them_not_for_the_next(
    page, context, browser_login, factory, audit, auditor
):
    browser_login(auditor.email)
    open_audit(page, audit)
    page.route("**/api/v1/audits/*/answers", lambda route: route.abort())  # no signal
    tap(page, "greeted", "No")
    page.wait_for_function(
        "() => document.querySelector('[data-sync-state]').textContent.includes('1')"
    )
    # The session runs out (before the signal comes back: a retry with her session would
    # send her change, as it should) and a colleague signs in on the same tablet.
    context.clear_cookies()
    page.unroute("**/api/v1/audits/*/answers")
    colleague = factory.user("auditor", name="Colin Colleague")
    theirs = factory.audit(auditor=colleague)
    browser_login(colleague.email)
    open_audit(page, theirs)
    tap(page, "greeted", "Yes")
    assert wait_for(lambda: answers_of(theirs.id) == {"greeted": "yes"})
    page.locator("[data-sync-state].is-saved").wait_for()
    assert page.evaluate(OUTBOX)["ops"] == 1  # Olga's change, kept for her
    assert answers_of(audit.id) == {}

    context.clear_cookies()
    browser_login(auditor.email)
    open_audit(page, audit)
    assert wait_for(lambda: answers_of(audit.id) == {"greeted": "no"}), answers_of(audit.id)
    page.locator("[data-sync-state].is-saved").wait_for()


def test_a_refused_change_stays_listed_until_retried_or_dismissed(
    page, browser_login, audit, auditor
):
    browser_login(auditor.email)
    open_audit(page, audit, "?tp=tills")
    refusal = {"error": {"code": "invalid_state", "message": "Under review.", "details": []}}
    refuse = lambda route: route.fulfill(status=409, json=refusal)  # noqa: E731
    page.route("**/api/v1/audits/*/answers", refuse)
    wait = page.locator("#c-wait input[name=a-wait]")
    wait.fill("4")
    wait.blur()
    listed = page.locator("[data-not-saved]")
    listed.wait_for(state="visible")
    assert "Minutes waited" in listed.inner_text()
    assert "Under review." in listed.inner_text()
    assert "not saved" in state(page).lower()
    assert page.locator("[data-sync-state].is-error").count() == 1

    with page.expect_download() as download:
        listed.get_by_role("button", name="Download as JSON").click()
    exported = json.loads(Path(download.value.path()).read_text())
    [change] = exported["changes"]
    assert (change["criterion"], change["value"], change["reason"]) == (
        "wait",
        "4",
        "Under review.",
    )

    # A reload keeps the list: it lives on the device, not in the page.
    page.reload()
    page.wait_for_selector("html.js")
    listed.wait_for(state="visible")
    page.unroute("**/api/v1/audits/*/answers", refuse)
    listed.get_by_role("button", name="Retry").click()
    assert wait_for(lambda: answers_of(audit.id) == {"wait": 4.0}), answers_of(audit.id)
    listed.wait_for(state="hidden")
    page.locator("[data-sync-state].is-saved").wait_for()

    page.route("**/api/v1/audits/*/answers", refuse)
    wait.fill("9")
    wait.blur()
    listed.wait_for(state="visible")
    listed.get_by_role("button", name="Dismiss").click()
    listed.wait_for(state="hidden")
    page.locator("[data-sync-state].is-saved").wait_for()
    assert page.evaluate(OUTBOX)["ops"] == 0
    assert answers_of(audit.id) == {"wait": 4.0}


def test_a_change_the_device_could_not_store_is_said_and_later_ones_still_go(
    page, browser_login, audit, auditor
):
    browser_login(auditor.email)
    open_audit(page, audit)
    page.evaluate(FAIL_ONCE, "putAnswer")
    tap(page, "greeted", "No")
    error = page.locator("#c-greeted [data-sync-error]")
    error.wait_for()
    assert "not kept" in error.inner_text().lower()
    page.locator(".tp-list").get_by_role("link", name="Tills").click()
    page.locator("#c-wait input[name=a-wait]").fill("3")
    page.locator("#c-wait input[name=a-wait]").blur()
    # The next write goes, and takes the one that failed with it.
    expected = {"greeted": "no", "wait": 3.0}
    assert wait_for(lambda: answers_of(audit.id) == expected), answers_of(audit.id)
    page.locator("[data-sync-state].is-saved").wait_for()
    assert error.count() == 0


def test_a_photo_the_device_could_not_store_is_said(
    page, browser_login, audit, auditor, small_jpeg
):
    browser_login(auditor.email)
    open_audit(page, audit)
    page.evaluate(FAIL_ONCE, "addOp")
    choose_photo(page, "greeting", small_jpeg)
    error = page.locator("#photos-greeting [data-photo-error]")
    error.wait_for()
    assert "not kept" in error.inner_text().lower()
    assert page.locator("#photos-greeting [data-photo-count]").inner_text() == "0"
    choose_photo(page, "greeting", small_jpeg)
    page.locator("#photos-greeting .photo:not(.is-pending) img").wait_for()
    assert wait_for(lambda: len(photos_of(audit.id)) == 1)
    assert error.is_hidden()


THUMBNAILS_SHOWN = """(tp) => {
  const images = Array.from(document.querySelectorAll(`#photos-${tp} .photo img`));
  return images.length === 2 && images.every((img) => img.complete && img.naturalWidth > 0);
}"""


def test_an_offline_reload_shows_what_this_device_knows(
    page, context, browser_login, audit, auditor, small_jpeg
):
    browser_login(auditor.email)
    open_audit(page, audit)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    choose_photo(page, "greeting", small_jpeg, caption="Door")  # sent at once
    page.locator("#photos-greeting .photo:not(.is-pending) img").wait_for()
    assert wait_for(lambda: len(photos_of(audit.id)) == 1)
    page.wait_for_function(
        "() => document.querySelector('#photos-greeting .photo img').naturalWidth > 0"
    )

    context.set_offline(True)
    choose_photo(page, "greeting", small_jpeg, caption="Till")  # queued
    page.locator("#photos-greeting .photo.is-pending").wait_for()
    page.locator(".tp-list").get_by_role("link", name="Tills").click()
    page.locator("#c-wait input[name=a-wait]").fill("3")
    page.locator("#c-wait input[name=a-wait]").blur()
    page.wait_for_function(
        "() => document.querySelector('[data-sync-state]').textContent.includes('2')"
    )

    page.reload()  # the page the service worker kept: older than all of this
    page.wait_for_selector("html.js")
    assert page.locator("#tp-tills").is_visible()
    assert page.locator("#tp-greeting").is_hidden()
    assert page.locator("#c-wait input[name=a-wait]").input_value() == "3"
    assert page.locator("#photos-greeting [data-photo-count]").inner_text() == "2"
    page.wait_for_function(THUMBNAILS_SHOWN, arg="greeting")  # both, from the device
    assert "Offline" in state(page)

    page.goto(f"/auditor/audits/{audit.id}")  # opened again from the home page, still offline
    page.wait_for_selector("html.js")
    assert page.locator("#tp-tills").is_visible()

    context.set_offline(False)
    page.locator("[data-sync-state].is-saved").wait_for()
    assert wait_for(lambda: len(photos_of(audit.id)) == 2)


def test_the_sync_state_stays_in_view_while_scrolling(page, browser_login, audit, auditor):
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(auditor.email)
    open_audit(page, audit)
    tap(page, "greeted", "Yes")
    page.locator("[data-sync-state].is-saved").wait_for()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 300
    box = page.locator("[data-sync-state]").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box


def test_the_evidence_hint_follows_the_comment_and_the_photo(
    page, browser_login, factory, auditor, small_jpeg
):
    audit = factory.audit(auditor=auditor, version=factory.checklist(EVIDENCE.format(n=1)))
    browser_login(auditor.email)
    open_audit(page, audit)
    hint = page.locator("#c-clean [data-evidence]")
    tap(page, "clean", "No")
    hint.wait_for(state="visible")
    assert "comment" in hint.inner_text() and "photo" in hint.inner_text()
    page.locator("#c-clean textarea[name=comment-clean]").fill("Litter by the door")
    expect(hint).not_to_contain_text("comment")
    expect(hint).to_contain_text("photo")
    choose_photo(page, "entrance", small_jpeg)
    hint.wait_for(state="hidden")
    page.locator("#c-clean textarea[name=comment-clean]").fill("")
    hint.wait_for(state="visible")
    expect(hint).to_contain_text("comment")
    expect(hint).not_to_contain_text("photo")


def test_submit_problems_go_as_they_are_fixed_and_a_reload_posts_nothing(
    page, browser_login, factory, auditor, small_jpeg
):
    version = factory.checklist(EVIDENCE.format(n=2))
    audit = factory.audit(
        auditor=auditor, version=version, status="in_progress", answers={"clean": "no"}
    )
    browser_login(auditor.email)
    open_audit(page, audit)
    page.get_by_role("button", name="Submit audit").click()
    problems = page.locator("#problems")
    problems.wait_for()
    assert page.url.split("#")[0].endswith(f"/auditor/audits/{audit.id}?problems=1")
    items = problems.locator("li:visible")
    expect(items).to_have_count(3)  # the comment and the photo the failure needs, the NPS
    page.locator("#c-clean textarea[name=comment-clean]").fill("Litter by the door")
    expect(items).to_have_count(2)
    choose_photo(page, "entrance", small_jpeg)
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Would you recommend?")
    page.locator("#photos-entrance .photo:not(.is-pending) img").wait_for()
    page.locator(".tp-list").get_by_role("link", name="Desk").click()
    tap(page, "nps", "9")
    problems.wait_for(state="hidden")
    # The server has everything before the reload (the bar may still say "saved" from before
    # the tap while the change is being queued on a loaded machine).
    assert wait_for(lambda: answers_of(audit.id).get("nps") == 9 and len(photos_of(audit.id)) == 1)
    assert wait_for(lambda: comment_of(audit.id, "clean") == "Litter by the door")
    page.locator("[data-sync-state].is-saved").wait_for()

    methods = []
    page.on("request", lambda request: methods.append(request.method))
    page.reload()
    page.wait_for_selector("html.js")
    assert methods[0] == "GET"
    assert problems.count() == 0  # judged again by the server: nothing is missing now
