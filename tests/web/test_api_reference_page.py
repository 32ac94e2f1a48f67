"""The browsable API reference: every operation and schema of the document, nothing external."""

from __future__ import annotations

import re

from audit.web.api.openapi import openapi_document


def test_the_page_shows_every_operation_and_schema_without_signing_in(client):
    response = client.get("/api-reference")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    doc = openapi_document()
    for path, item in doc["paths"].items():
        for operation in item.values():
            assert f'id="{operation["operationId"]}"' in page
            assert f"<code>/api/v1{path}</code>" in page
    for name in doc["components"]["schemas"]:
        assert f'id="schema-{name.lower()}"' in page
    # Links between operations and schemas resolve on the page itself.
    anchors = set(re.findall(r'id="([^"]+)"', page))
    assert set(re.findall(r'href="#([^"]+)"', page)) <= anchors
    # Vendored only: no script or style from another host.
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_the_consultant_overview_links_to_it(auth, client, factory):
    auth.login(factory.user("consultant").email)
    assert 'href="/api-reference"' in client.get("/consultant/").get_data(as_text=True)
