"""Browser fixtures: the app served on loopback, driven by Debian's Chromium via Playwright.

Browser downloads do not work here, so Playwright launches the system browser through
`executable_path`. Without it, these tests skip with how to get it (and fail in CI).
"""

from __future__ import annotations

import functools
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium from reaching out to the internet this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TABLET = {"width": 768, "height": 1024}


def serve(app):
    """Serve `app` on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(app):
    """The test app on a free loopback port, in a thread; yields its base URL."""
    yield from serve(app)


@pytest.fixture
def csrf_live_server(sibling_app):
    """The app with CSRF on, as in production, on its own port (its own origin)."""
    yield from serve(sibling_app(WTF_CSRF_ENABLED=True))


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test worker."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            "Browser tests need Debian's chromium: `sudo apt-get install chromium` "
            "(or set CHROMIUM_PATH)."
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="pip install playwright (make test installs it)"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def new_context(browser, base_url: str):
    """A fresh browser profile at tablet size (768x1024), with touch."""
    context = browser.new_context(
        base_url=base_url, viewport=TABLET, has_touch=True, service_workers="allow"
    )
    # Generous: CI runs the browser tests beside the rest of the suite on two cores.
    context.set_default_timeout(20_000)
    return context


@pytest.fixture
def context(browser, live_server):
    """A fresh browser profile at tablet size (768x1024), with touch."""
    context = new_context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def csrf_page(browser, csrf_live_server):
    """A page in a fresh profile on the CSRF-enabled server."""
    context = new_context(browser, csrf_live_server)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(context):
    """A page in the fresh context."""
    return context.new_page()


def sign_in(page, email: str, password: str = "password123") -> None:
    """Sign in on `page` through the real form."""
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def browser_login(page):
    """Sign in through the real form: `browser_login(email)`."""
    return functools.partial(sign_in, page)


@pytest.fixture
def csrf_login(csrf_page):
    """Sign in on the CSRF-enabled server's page (`csrf_page`): `csrf_login(email)`."""
    return functools.partial(sign_in, csrf_page)
