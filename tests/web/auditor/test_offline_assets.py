"""The service worker precaches every script and stylesheet the auditor's pages load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ASSET = re.compile(r'(?:src|href)="(/static/[^"?]+\.(?:js|css))')


def precached(app) -> set[str]:
    source = (Path(app.static_folder) / "js" / "sw.js").read_text()
    block = re.search(r"ASSET_URLS = \[(.*?)\];", source, re.S).group(1)
    return set(re.findall(r'"([^"]+)"', block))


@pytest.fixture
def signed_in(auth, auditor):
    auth.login(auditor.email)
    return auditor


def test_every_asset_of_the_auditor_pages_is_precached(app, client, signed_in, audit):
    cached = precached(app)
    for path in ("/auditor/", f"/auditor/audits/{audit.id}"):
        used = set(ASSET.findall(client.get(path).get_data(as_text=True)))
        assert used, path
        assert used <= cached, f"{path} loads {sorted(used - cached)}, not in sw.js ASSET_URLS"


def test_every_precached_asset_exists(app):
    root = Path(app.static_folder)
    for url in precached(app):
        assert (root / url.removeprefix("/static/")).is_file(), url
