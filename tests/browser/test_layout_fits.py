"""Every page fits a phone, an upright tablet and a laptop: 360 to 1280 px wide.

Each role signs in once and visits each of its pages; the page is then resized through the
widths and measured in the browser: no sideways scrolling of the page, every visible control
at least 44x44 px (a radio's or a file input's label is its clickable box), no text under
12 px (SVG text as drawn, after the chart's scaling), nothing laid out past the viewport's
edges (except inside a container that scrolls by itself), the navigation on one line
(it scrolls sideways instead of wrapping), and a table that scrolls inside
its container keeps its first column in view. Client pages scroll nothing sideways at all:
their tables turn into cards on narrow screens.

`LAYOUT_SHOTS=/tmp/shots` also saves full-page screenshots at 390, 768 and 1024 px.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.layout_world import build_world
from tests.conftest import empty_database
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

WIDTHS = (360, 390, 768, 1024, 1280)
SHOT_WIDTHS = (390, 768, 1024)
HEIGHT = 800
MIN_TAP = 44
MIN_TEXT = 12

PAGES = {
    "auditor": {
        "home": "/auditor/",
        "submitted list": "/auditor/audits?status=done",
        "audit assigned": "/auditor/audits/{assigned}",
        "audit returned with photos": "/auditor/audits/{in_progress}",
        "audit Arabic touchpoint": "/auditor/audits/{in_progress}?tp=checkout",
        "audit submitted": "/auditor/audits/{submitted}",
        "notifications": "/account/notifications",
        "account": "/account",
    },
    "client": {
        "dashboard": "/client/",
        "audits": "/client/audits",
        "audit": "/client/audits/{published}",
        "notifications": "/account/notifications",
        "actions": "/client/actions",
        "action": "/client/actions/{action}",
    },
    "consultant": {
        "home": "/consultant/",
        "review queue": "/consultant/review",
        "audits": "/consultant/audits",
        "assign": "/consultant/audits/new",
        "audit assigned": "/consultant/audits/{assigned}",
        "audit submitted": "/consultant/audits/{submitted}",
        "audit approved": "/consultant/audits/{approved}",
        "audit published": "/consultant/audits/{published}",
        "checklists": "/consultant/checklists",
        "checklist": "/consultant/checklists/{checklist}",
        "checklist diff": "/consultant/checklists/{checklist}/diff?from=1&to=2",
        "checklist editor": "/consultant/checklists/{checklist}/edit",
        "organisations": "/consultant/organizations",
        "organisation": "/consultant/organizations/{org}",
        "organisation form": "/consultant/organizations/{org}/edit",
        "location form": "/consultant/locations/{location}/edit",
        "people": "/consultant/users",
        "new user": "/consultant/users/new",
        "e-mails": "/consultant/deliveries",
        "programmes": "/consultant/programmes",
        "new programme": "/consultant/programmes/new?organization={org}",
        "programme": "/consultant/programmes/{programme}?day=2026-07-01",
        "workload": "/consultant/workload",
        "account": "/account",
        "actions": "/consultant/actions",
        "action": "/consultant/actions/{action}",
        "comment library": "/consultant/phrases",
    },
    # Without the script the auditor's fallback buttons show (save, upload, caption).
    "auditor without script": {
        "audit returned with photos": "/auditor/audits/{in_progress}",
    },
    # Right to left: each role's main pages in Arabic (the session remembers ?lang=ar).
    "auditor in Arabic": {
        "home": "/auditor/?lang=ar",
        "audit returned with photos": "/auditor/audits/{in_progress}?lang=ar",
    },
    "client in Arabic": {
        "dashboard": "/client/?lang=ar",
        "audit": "/client/audits/{published}?lang=ar",
    },
    "consultant in Arabic": {
        "audits": "/consultant/audits?lang=ar",
        "audit submitted": "/consultant/audits/{submitted}?lang=ar",
        "checklist editor": "/consultant/checklists/{checklist}/edit?lang=ar",
        "organisation": "/consultant/organizations/{org}?lang=ar",
    },
    "anonymous": {
        "sign in": "/login",
        "set password": "/set-password/{token}",
        "not found": "/no-such-page",
    },
}

# Runs in the page: a list of what does not fit, empty when the page is fine.
MEASURE = r"""
({minTap, minText, noSideScroll}) => {
  const vw = window.innerWidth;
  const problems = [];
  const name = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += "#" + el.id;
    else if (typeof el.className === "string" && el.className.trim())
      d += "." + el.className.trim().split(/\s+/).join(".");
    const text = (el.getAttribute("aria-label") || el.innerText || el.value || el.textContent || "")
      .trim().replace(/\s+/g, " ").slice(0, 40);
    return text ? `${d} "${text}"` : d;
  };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;  // display:none, or visually hidden
    return getComputedStyle(el).visibility === "visible";
  };
  const clipper = (el) => {  // the nearest ancestor that clips or scrolls sideways
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return p;
    }
    return null;
  };
  const root = document.documentElement;
  if (root.scrollWidth > vw) problems.push(`the page is ${root.scrollWidth}px wide`);

  const nav = document.querySelector(".mainnav");  // the sections: one line, never rows
  const navTops = new Set(nav ? [...nav.querySelectorAll("a")].filter(shown)
    .map((a) => Math.round(a.getBoundingClientRect().top)) : []);
  if (navTops.size > 1) problems.push(`the navigation wraps onto ${navTops.size} lines`);

  const outside = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el) || clipper(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > vw + 1) {
      outside.add(el);
      if (!outside.has(el.parentElement))
        problems.push(`${name(el)} reaches ${Math.round(r.left)}..${Math.round(r.right)}px`);
    }
  }

  const sizeOf = (el) => {  // the clickable box: the control, or the label around it
    const boxes = [el, el.closest("label")].filter((b) => b && shown(b));
    if (!boxes.length) boxes.push(...[...(el.labels || [])].filter(shown));
    const rects = boxes.map((b) => b.getBoundingClientRect());
    return rects.sort((a, b) => b.width * b.height - a.width * a.height)[0];
  };
  const targets = "a[href], button, input:not([type=hidden]), select, textarea, summary, label";
  for (const el of document.querySelectorAll(targets)) {
    if (el.matches(":disabled") || el.closest("fieldset:disabled")) continue;  // not interactive
    if (el.tagName === "LABEL") {
      const control = el.control;
      if (!control || !["checkbox", "radio"].includes(control.type) || control.disabled) continue;
    }
    const r = sizeOf(el);
    if (!r) continue;
    if (r.width < minTap - 0.5 || r.height < minTap - 0.5)
      problems.push(`${name(el)} is ${Math.round(r.width)}x${Math.round(r.height)}px`);
  }

  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !shown(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement && el.getScreenCTM()) size *= el.getScreenCTM().a;
    if (size < minText - 0.05) problems.push(`${name(el)} has ${size.toFixed(1)}px text`);
  }

  for (const box of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(box);
    if (!["auto", "scroll"].includes(style.overflowX) || !shown(box)) continue;
    if (box.scrollWidth <= box.clientWidth + 1) continue;
    if (noSideScroll) { problems.push(`${name(box)} scrolls sideways`); continue; }
    const rows = box.querySelectorAll("tbody tr");
    if (!rows.length) continue;
    const before = box.scrollLeft;
    box.scrollLeft = box.scrollWidth;  // the far end: the key column must still be in view
    const edge = box.getBoundingClientRect();
    for (const row of rows) {
      const cell = row.querySelector("td, th");
      const r = cell && cell.getBoundingClientRect();
      if (r && r.width > 1 && (r.left < edge.left - 1 || r.right > edge.right + 1)) {
        problems.push(`${name(box)}: the first column scrolls out of view`);
        break;
      }
    }
    box.scrollLeft = before;
  }
  return problems;
}
"""


@pytest.fixture(autouse=True)
def _clean_database():
    """The pages only read the module's world: it is emptied once, after the last test."""
    yield


@pytest.fixture(scope="module")
def world(app):
    """The people, audits and photos the pages show (see layout_world)."""
    with app.app_context():
        world = build_world()
        urls = {
            **world.audits,
            "org": world.org_slug,
            "location": world.location_id,
            "checklist": world.checklist_slug,
            "token": world.password_token,
            "programme": world.programme_id,
        }
        emails = {
            "auditor": world.auditor.email,
            "client": world.client.email,
            "consultant": world.consultant.email,
        }
    yield urls, emails
    empty_database(app)


@pytest.fixture(scope="module")
def pages(browser, live_server, world):
    """One signed-in browser page per role, opened on first use."""
    _, emails = world
    opened = {}

    def page_for(role: str):
        if role not in opened:
            context = browser.new_context(
                base_url=live_server,
                viewport={"width": 1024, "height": HEIGHT},
                has_touch=True,
                service_workers="block",  # each visit is measured as served, not from a cache
                java_script_enabled="without script" not in role,
            )
            context.set_default_timeout(10_000)
            page = context.new_page()
            if role.split()[0] != "anonymous":
                page.goto("/login")
                page.fill("input[name=email]", emails[role.split()[0]])
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
            opened[role] = page
        return opened[role]

    yield page_for
    for page in opened.values():
        page.context.close()


def shot_path(role: str, name: str, width: int) -> Path | None:
    """Where to save a screenshot of this page, when LAYOUT_SHOTS asks for them."""
    folder = os.environ.get("LAYOUT_SHOTS")
    if not folder or width not in SHOT_WIDTHS:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", f"{role}-{name}".lower()).strip("-")
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder) / f"{slug}-{width}.png"


@pytest.mark.parametrize(
    ("role", "name"),
    [(role, name) for role, names in PAGES.items() for name in names],
    ids=lambda value: value.replace(" ", "-"),
)
def test_page_fits_every_width(pages, world, role, name):
    urls, _ = world
    page = pages(role)
    page.set_viewport_size({"width": WIDTHS[-1], "height": HEIGHT})
    response = page.goto(PAGES[role][name].format(**urls))
    assert response is not None and response.status < 500
    page.wait_for_load_state("networkidle")
    if "Arabic" in role:
        assert page.evaluate("() => [document.documentElement.lang, document.dir]") == ["ar", "rtl"]
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        problems = page.evaluate(
            MEASURE,
            {"minTap": MIN_TAP, "minText": MIN_TEXT, "noSideScroll": role.startswith("client")},
        )
        found += [f"{width}px: {problem}" for problem in problems]
        if path := shot_path(role, name, width):
            page.screenshot(path=str(path), full_page=True)
    assert not found, "\n".join(found[:60]) + (
        f"\n… and {len(found) - 60} more" if found[60:] else ""
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [360, 390])
def test_navigation_scrolls_to_the_current_section(pages, lang, width):
    """On a narrow screen the consultant's last section is scrolled into the bar's view."""
    page = pages("consultant")
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(f"/consultant/programmes?lang={lang}")
    page.wait_for_load_state("networkidle")
    found = page.evaluate(
        """() => {
          const nav = document.querySelector(".mainnav");
          const bar = nav.getBoundingClientRect();
          const link = nav.querySelector("[aria-current=page]").getBoundingClientRect();
          return {
            scrolls: nav.scrollWidth > nav.clientWidth,
            inView: link.left >= bar.left - 1 && link.right <= bar.right + 1,
            onScreen: bar.left >= 0 && bar.right <= window.innerWidth,
          };
        }"""
    )
    page.goto("/consultant/?lang=en")  # the session's language back for the other tests
    assert found == {"scrolls": True, "inView": True, "onScreen": True}
