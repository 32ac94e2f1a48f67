"""Auditors and clients are refused every consultant API route (403, or 404 when scoped)."""

from __future__ import annotations

import pytest

from tests.api.conftest import image_bytes

CONSULTANT_ROUTES = [
    ("GET", "/organizations"),
    ("POST", "/organizations"),
    ("PUT", "/organizations/{org}/logo"),
    ("POST", "/organizations/{org}/locations"),
    ("POST", "/users"),
    ("POST", "/checklists"),
    ("POST", "/audits"),
    ("POST", "/audits/{audit}/return"),
    ("POST", "/audits/{audit}/approve"),
    ("POST", "/audits/{audit}/publish"),
]
BODIES = {
    "/organizations": {"json": {"name": "X", "slug": "x"}},
    "/organizations/{org}/logo": {"data": image_bytes()},
    "/organizations/{org}/locations": {"json": {"name": "X"}},
    "/users": {"json": {"email": "x@example.test", "name": "X", "role": "consultant"}},
    "/checklists": {"data": b"id: x\n", "headers": {"Content-Type": "application/yaml"}},
    "/audits": {"json": {"checklist": "shop", "location": 1, "auditor": "a@example.test"}},
    "/audits/{audit}/return": {"json": {"comment": "x"}},
}


@pytest.fixture
def world(factory):
    org = factory.organization("acme")
    auditor = factory.user("auditor")
    audit = factory.audit(auditor=auditor, location=factory.location(org), status="submitted")
    published = factory.audit(auditor=auditor, location=audit.location, status="approved")
    return {
        "org": org,
        "audit": audit,
        "approved": published,
        "auditor": auditor,
        "client": factory.user("client", organization=org),
    }


@pytest.mark.parametrize("role", ["auditor", "client"])
@pytest.mark.parametrize(("method", "template"), CONSULTANT_ROUTES)
def test_consultant_routes_refuse_other_roles(api, world, role, method, template):
    audit = world["approved"] if template.endswith("publish") else world["audit"]
    path = template.format(org=world["org"].slug, audit=audit.id)
    response = api(world[role])._call(method, path, **BODIES.get(template, {}))
    assert response.status_code in (403, 404), response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] in ("forbidden", "not_found")
    # Nothing changed: the audit is still where it was.
    from audit.extensions import db
    from audit.models import Audit

    db.session.expire_all()
    assert db.session.get(Audit, world["audit"].id).status == "submitted"
    assert db.session.get(Audit, world["approved"].id).status == "approved"


@pytest.mark.parametrize(("method", "template"), CONSULTANT_ROUTES)
def test_consultant_routes_need_sign_in(api, world, method, template):
    path = template.format(org=world["org"].slug, audit=world["audit"].id)
    response = api()._call(method, path, **BODIES.get(template, {}))
    assert response.status_code == 401
