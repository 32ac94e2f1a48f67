"""Sign-out on a shared tablet drops the offline pages and the outbox, never unsent answers
without asking (static/js/signout.js)."""

from __future__ import annotations

import pytest

from audit.extensions import db
from audit.models import Audit
from tests.browser.test_auditor_form import tap, wait_for

pytestmark = pytest.mark.browser

SAVED_CACHES = """async () => {
  const names = await caches.keys();
  const saved = names.filter((n) => /^audit-(pages|photos)-/.test(n));
  let entries = 0;
  for (const n of saved) entries += (await (await caches.open(n)).keys()).length;
  return entries;
}"""

OUTBOX = """async () => {
  const known = (await indexedDB.databases()).some((d) => d.name === "audit-outbox");
  if (!known) return null;
  const db = await new Promise((ok, ko) => {
    const r = indexedDB.open("audit-outbox"); r.onsuccess = () => ok(r.result); r.onerror = ko;
  });
  const count = (store) => new Promise((ok) => {
    const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => ok(r.result);
  });
  const result = { ops: await count("ops"), local: await count("local") };
  db.close();
  return result;
}"""


@pytest.fixture
def auditor(factory):
    return factory.user("auditor", name="Sam Shared")


@pytest.fixture
def audit(factory, auditor):
    return factory.audit(auditor=auditor)


def open_audit_offline_ready(page, audit) -> None:
    """Open the audit page and wait until the service worker saved it for offline use."""
    page.goto(f"/auditor/audits/{audit.id}")
    page.wait_for_selector("html.js")
    page.wait_for_function(
        """async (path) => {
          const hit = await caches.match(location.origin + path);
          return hit !== undefined;
        }""",
        arg=f"/auditor/audits/{audit.id}",
    )


def test_sign_out_drops_saved_pages_and_the_synced_outbox(page, browser_login, audit, auditor):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_login(auditor.email)
    open_audit_offline_ready(page, audit)
    tap(page, "greeted", "Yes")
    assert wait_for(lambda: db.session.get(Audit, audit.id).answer_values() == {"greeted": "yes"})
    page.wait_for_function(f"({OUTBOX})().then((o) => o.ops === 0)")
    assert page.evaluate(OUTBOX) == {"ops": 0, "local": 1}
    assert page.evaluate(SAVED_CACHES) > 0

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    assert dialogs == []  # nothing was waiting: no question asked
    assert page.get_by_text("You are signed out.").is_visible()
    assert page.evaluate(SAVED_CACHES) == 0
    assert page.evaluate(OUTBOX) == {"ops": 0, "local": 0}


def test_unsent_answers_are_kept_unless_the_auditor_accepts_to_lose_them(
    page, browser_login, audit, auditor
):
    browser_login(auditor.email)
    open_audit_offline_ready(page, audit)
    page.route("**/api/v1/audits/*/answers", lambda route: route.abort())  # no connection
    tap(page, "greeted", "No")
    page.wait_for_function(
        "() => document.querySelector('[data-sync-state]').textContent.includes('1 change')"
    )

    with page.expect_event("dialog") as shown:
        page.get_by_role("button", name="Sign out").click()
    message = shown.value.message
    shown.value.dismiss()
    assert message.startswith("1 change(s) (answers or photos) have not been sent")
    assert "they will be lost" in message
    # Cancel: still signed in, on the same page, with the change and the offline page kept.
    assert page.url.endswith(f"/auditor/audits/{audit.id}")
    assert page.evaluate(OUTBOX)["ops"] == 1
    assert page.evaluate(SAVED_CACHES) > 0

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    assert page.evaluate(OUTBOX) == {"ops": 0, "local": 0}
    assert page.evaluate(SAVED_CACHES) == 0
    assert db.session.get(Audit, audit.id).answer_values() == {}


def test_sign_out_elsewhere_never_creates_the_outbox(page, browser_login, factory):
    consultant = factory.user("consultant")
    browser_login(consultant.email)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    assert page.evaluate(OUTBOX) is None
