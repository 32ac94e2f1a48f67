"""The OpenAPI document matches what the server does: routes, methods, statuses, fields."""

from __future__ import annotations

import re

import pytest

from audit.web.api.openapi import openapi_document

PREFIX = "/api/v1"
IGNORED = {"HEAD", "OPTIONS"}


def _shape(path: str) -> str:
    """A path with its parameter names erased: `/audits/{}/photos/{}`."""
    return re.sub(r"\{[^}]*\}", "{}", re.sub(r"<(?:[^:>]+:)?[^>]+>", "{}", path))


def served(app) -> set[tuple[str, str]]:
    """(METHOD, path shape) of every API rule of the URL map."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PREFIX + "/"):
            for method in rule.methods - IGNORED:
                found.add((method, _shape(rule.rule[len(PREFIX) :])))
    return found


def documented() -> set[tuple[str, str]]:
    """(METHOD, path shape) of every operation of the document."""
    return {
        (method.upper(), _shape(path))
        for path, operations in openapi_document()["paths"].items()
        for method in operations
    }


def test_every_served_route_is_documented(app):
    missing = served(app) - documented()
    assert not missing, f"served but not in openapi.json: {sorted(missing)}"


def test_every_documented_route_is_served(app):
    extra = documented() - served(app)
    assert not extra, f"in openapi.json but not served: {sorted(extra)}"


def test_document_is_served_to_anyone_and_well_formed(client):
    response = client.get(PREFIX + "/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"].startswith("3.")
    refs = re.findall(r'"#/components/schemas/([^"]+)"', response.get_data(as_text=True))
    assert set(refs) <= set(doc["components"]["schemas"])
    for path, operations in doc["paths"].items():
        names = set(re.findall(r"\{([^}]+)\}", path))
        for operation in operations.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, path
            assert operation["responses"]


def _operation(method: str, path: str) -> dict:
    doc = openapi_document()
    for template, operations in doc["paths"].items():
        if _shape(template) == _shape(path) or re.fullmatch(
            re.sub(r"\\\{[^}]*\\\}", r"[^/]+", re.escape(template)), path.split("?")[0]
        ):
            return operations[method.lower()]
    raise AssertionError(f"{method} {path} is not documented")


def _schema(doc: dict, schema: dict) -> dict:
    """Resolve $ref and merge allOf into one {required, properties}."""
    if "$ref" in schema:
        return _schema(doc, doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
    if "allOf" in schema:
        merged: dict = {"required": [], "properties": {}}
        for part in schema["allOf"]:
            part = _schema(doc, part)
            merged["required"] += part.get("required", [])
            merged["properties"].update(part.get("properties", {}))
        return merged
    return schema


def assert_documented(response, method: str, path: str) -> None:
    """The status is documented for the operation, and JSON bodies have the required fields."""
    operation = _operation(method, path)
    assert str(response.status_code) in operation["responses"], (
        f"{method} {path} answered {response.status_code}, documented: "
        f"{sorted(operation['responses'])}"
    )
    content = operation["responses"][str(response.status_code)].get("content", {})
    if "application/json" not in content:
        return
    doc = openapi_document()
    schema = _schema(doc, content["application/json"]["schema"])
    body = response.get_json()
    for field in schema.get("required", []):
        assert field in body, f"{method} {path}: `{field}` missing"
    items_schema = schema.get("properties", {}).get("items", {}).get("items")
    if items_schema and body.get("items"):
        for field in _schema(doc, items_schema).get("required", []):
            assert field in body["items"][0], f"{method} {path}: items[].{field} missing"


@pytest.fixture
def world(factory):
    org = factory.organization("acme")
    return {
        "org": org,
        "location": factory.location(org, code="L1"),
        "auditor": factory.user("auditor", email="ann@example.test"),
        "version": factory.checklist(slug="shop"),
        "client": factory.user("client", organization=org),
    }


def test_documented_statuses_and_fields_hold(api, factory, world):
    consultant = api(factory.user("consultant"))
    calls = [
        (consultant, "POST", "/organizations", {"json": {"name": "G", "slug": "globex"}}),
        (consultant, "POST", "/organizations", {"json": {"name": "G", "slug": "globex"}}),
        (consultant, "POST", "/organizations", {"json": {"slug": "x"}}),
        (consultant, "GET", "/organizations", {}),
        (consultant, "POST", "/organizations/acme/locations", {"json": {"name": "B"}}),
        (consultant, "GET", "/organizations/acme/locations", {}),
        (consultant, "GET", "/organizations/nope/locations", {}),
        (
            consultant,
            "POST",
            "/users",
            {"json": {"email": "z@x.test", "name": "Z", "role": "auditor"}},
        ),
        (consultant, "GET", "/checklists", {}),
        (consultant, "GET", "/checklists/shop", {}),
        (consultant, "POST", "/checklists", {"json": {}}),
        (
            consultant,
            "POST",
            "/checklists",
            {"data": b"id: x\n", "headers": {"Content-Type": "text/yaml"}},
        ),
        (
            consultant,
            "POST",
            "/audits",
            {
                "json": {
                    "checklist": "shop",
                    "location": world["location"].id,
                    "auditor": "ann@example.test",
                }
            },
        ),
        (consultant, "GET", "/audits", {}),
        (consultant, "GET", "/audits?status=nope", {}),
        (api(world["auditor"]), "GET", "/audits", {}),
        (api(world["client"]), "GET", "/organizations", {}),
        (api(), "GET", "/audits", {}),
        (api(), "GET", "/openapi.json", {}),
    ]
    for caller, method, path, kwargs in calls:
        response = caller._call(method, path, **kwargs)
        assert_documented(response, method, path)
    audit_id = consultant.get("/audits").get_json()["items"][0]["id"]
    for method, path, kwargs in [
        ("GET", f"/audits/{audit_id}", {}),
        ("POST", f"/audits/{audit_id}/approve", {}),
        ("POST", f"/audits/{audit_id}/return", {"json": {"comment": "x"}}),
        ("GET", "/audits/999999", {}),
    ]:
        assert_documented(consultant._call(method, path, **kwargs), method, path)
