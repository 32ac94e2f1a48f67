"""Tenant isolation as a matrix: role x organisation x route.

Every route that reads one record of a client organisation answers 404 to users outside
its scope (another organisation's client, another auditor, an unpublished audit for a
client), exactly like a record that does not exist; lists and aggregates never include
other organisations' rows.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from audit.extensions import db
from audit.services.photos import add_photo

ANSWERS = {"greeted": "yes", "warmth": 4, "wait": 3, "notes": "fine"}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def world(factory):
    """acme and globex, a published audit with a photo each, and an unpublished acme one."""
    version = factory.checklist()
    orgs = {
        slug: factory.organization(slug, name=f"{slug.title()} Org") for slug in ("acme", "globex")
    }
    auditors = {slug: factory.user("auditor") for slug in orgs}
    audits, photos = {}, {}
    for slug, org in orgs.items():
        audit = factory.audit(
            auditor=auditors[slug],
            location=factory.location(org, name=f"{slug.title()} Flagship"),
            version=version,
            status="in_progress",
            answers=ANSWERS,
            visited_at=datetime(2026, 3, 1, 10, tzinfo=UTC),
            wave="W1",
        )
        photo, _ = add_photo(audit, auditors[slug], _jpeg(), touchpoint="greeting")
        audit.status = "published"
        db.session.commit()
        audits[slug], photos[slug] = audit, photo
    audits["acme_draft"] = factory.audit(
        auditor=auditors["acme"],
        location=factory.location(orgs["acme"], name="Acme Backroom"),
        version=version,
        status="approved",
        answers=ANSWERS,
    )
    users = {
        "consultant": factory.user("consultant"),
        "auditor_acme": auditors["acme"],
        "auditor_globex": auditors["globex"],
        "client_acme": factory.user("client", organization=orgs["acme"]),
        "client_globex": factory.user("client", organization=orgs["globex"]),
    }
    return users, audits, photos


# Which audits each user may read at all (any route); everything else must be 404.
SCOPE = {
    "consultant": {"acme", "globex", "acme_draft"},
    "auditor_acme": {"acme", "acme_draft"},
    "auditor_globex": {"globex"},
    "client_acme": {"acme"},
    "client_globex": {"globex"},
}

API_ROUTES = [
    "/audits/{audit}",
    "/audits/{audit}/photos/{photo}",
    "/audits/{audit}/photos/{photo}?size=thumb",
    "/audits/{audit}/report.pdf",
]
PAGE_ROUTES = {
    "consultant": "/consultant/audits/{audit}",
    "auditor_acme": "/auditor/audits/{audit}",
    "auditor_globex": "/auditor/audits/{audit}",
    "client_acme": "/client/audits/{audit}",
    "client_globex": "/client/audits/{audit}",
}


def _path(template: str, audit, photo) -> str:
    return template.format(audit=audit.id, photo=photo.id if photo else 999999)


@pytest.mark.parametrize("who", sorted(SCOPE))
@pytest.mark.parametrize("route", API_ROUTES)
def test_api_record_routes(world, api, who, route):
    users, audits, photos = world
    caller = api(users[who])
    for name, audit in audits.items():
        photo = photos.get(name) or photos["acme"]
        response = caller.get(_path(route, audit, photo))
        status = response.status_code
        response.close()  # file responses (photos) hold the file open until closed
        if name not in SCOPE[who]:
            assert status == 404, f"{who} reached {name} via {route}"
        elif route.endswith("report.pdf") and who.startswith("auditor"):
            assert status in (403, 404), f"auditor got the report of {name}"
        elif "photos" in route and name == "acme_draft":
            assert status == 404  # that photo belongs to another audit
        else:
            assert status == 200, f"{who} could not read {name} via {route}"


@pytest.mark.parametrize("who", sorted(SCOPE))
def test_audience_pages(world, auth, client, who):
    users, audits, _ = world
    auth.login(users[who].email)
    for name, audit in audits.items():
        status = client.get(_path(PAGE_ROUTES[who], audit, None)).status_code
        expected = 200 if name in SCOPE[who] else 404
        assert status == expected, f"{who} on {name}: {status}"


@pytest.mark.parametrize("who", sorted(SCOPE))
def test_lists_hold_only_scoped_audits(world, api, who):
    users, audits, _ = world
    body = api(users[who]).get("/audits?per_page=100").get_json()
    assert {item["id"] for item in body["items"]} == {audits[n].id for n in SCOPE[who]}
    assert body["total"] == len(SCOPE[who])


@pytest.mark.parametrize(("who", "other"), [("client_acme", "globex"), ("client_globex", "acme")])
def test_client_aggregates_and_exports_hold_only_their_own(world, api, auth, client, who, other):
    users, audits, _ = world
    caller = api(users[who])
    other_name = f"{other.title()} Flagship"
    summary = caller.get("/reports/summary")
    assert summary.status_code == 200
    assert summary.get_json()["count"] == 1
    assert other_name not in summary.get_data(as_text=True)
    csv_text = caller.get("/exports/audits.csv").get_data(as_text=True)
    assert other_name not in csv_text and "Acme Backroom" not in csv_text
    # Asking for the other organisation explicitly changes nothing.
    assert caller.get(f"/reports/summary?organization={other}").get_json()["count"] in (0, 1)
    assert other_name not in caller.get(f"/exports/audits.csv?organization={other}").get_data(
        as_text=True
    )
    assert caller.get(f"/organizations/{other}/locations").status_code == 404
    auth.login(users[who].email)
    for page in ("/client/", "/client/audits"):
        html = client.get(page).get_data(as_text=True)
        assert other_name not in html and "Acme Backroom" not in html
