"""The demo (docs/platform.md): accounts, organisations, checklists, audits in every state."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from audit.demo import database_is_empty, demo_accounts, seed_demo
from audit.extensions import db
from audit.models import Audit, Organization, Photo

HOMES = {"consultant": "/consultant/", "auditor": "/auditor/", "client": "/client/"}


@pytest.fixture
def demo(app_ctx):
    """The demo seeded into the empty test database."""
    assert database_is_empty()
    summary = seed_demo(password="demo-pass", progress=lambda _: None)
    db.session.commit()
    return summary


def test_demo_has_audits_in_every_state_for_both_organisations(demo):
    assert not database_is_empty()
    rows = db.session.execute(
        select(Organization.slug, Audit.status, func.count())
        .join(Audit, Audit.organization_id == Organization.id)
        .group_by(Organization.slug, Audit.status)
    ).all()
    states = {(slug, status) for slug, status, _ in rows}
    for slug in ("acme", "globex"):
        for status in ("assigned", "in_progress", "submitted", "approved", "published"):
            assert (slug, status) in states
    published_photos = db.session.execute(
        select(Organization.slug, func.count(Photo.id))
        .join(Audit, Audit.organization_id == Organization.id)
        .join(Photo, Photo.audit_id == Audit.id)
        .where(Audit.status == "published")
        .group_by(Organization.slug)
    ).all()
    assert {slug for slug, count in published_photos if count} == {"acme", "globex"}


def test_every_demo_account_signs_in_and_lands_on_its_home(demo, client):
    for email, role in demo_accounts():
        response = client.post("/login", data={"email": email, "password": "demo-pass"})
        assert response.status_code == 302, email
        assert client.get("/").headers["Location"].endswith(HOMES[role])
        home = client.get(HOMES[role])
        assert home.status_code == 200
        assert f'My account · {email}">' in home.get_data(as_text=True)  # signed in as that account
        client.post("/logout")


def test_demo_published_reports_render(demo, api):
    from audit.models import User

    client_user = db.session.scalar(select(User).where(User.email == "client@acme.test"))
    caller = api(client_user)
    audit_id = caller.get("/audits?per_page=1").get_json()["items"][0]["id"]
    response = caller.get(f"/audits/{audit_id}/report.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")


def test_demo_clients_have_their_own_checklists(demo):
    sets = {
        org.slug: {c.slug for c in org.checklists}
        for org in db.session.scalars(select(Organization))
    }
    assert "retail-store-visit" in sets["acme"] and "bank-branch" not in sets["acme"]
    assert "bank-branch" in sets["globex"] and "retail-store-visit" not in sets["globex"]
