"""The client portal: dashboard, audit list and detail, access and tenant isolation."""

from __future__ import annotations

import re

import pytest

from tests.html import rows

PAGES = ["/client/", "/client/audits"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_need_a_client(world, client, auth, path):
    users, audits = world
    assert client.get(path).status_code == 302  # to the sign-in page
    for who in ("consultant", "auditor"):
        auth.login(users[who].email)
        assert client.get(path).status_code == 403
        auth.logout()


@pytest.mark.parametrize(("who", "other"), [("acme", "globex"), ("globex", "acme")])
def test_dashboard_shows_only_own_published_audits(world, client, auth, who, other):
    users, _ = world
    auth.login(users[who].email)
    page = client.get("/client/").get_data(as_text=True)
    mine = {"acme": ["Acme Lyon", "Acme Paris"], "globex": ["Globex Berlin"]}
    for name in mine[who]:
        assert name in page
    for name in mine[other]:
        assert name not in page
    assert "Acme Unpublished Nantes" not in page


def test_dashboard_figures_and_charts(world, client, auth):
    users, audits = world
    auth.login(users["acme"].email)
    page = client.get("/client/").get_data(as_text=True)
    assert "<svg" in page and "Trend by month" in page
    assert "2025-03" in page and "2025-05" in page
    assert "Most failed criteria" in page and "Minutes waited" in page
    assert "League table" in page
    lyon = page.index("Acme Lyon")
    paris = page.index("Acme Paris")
    assert lyon < paris  # Lyon scored better: it comes first
    assert "/api/v1/exports/audits.csv" in page
    assert "/api/v1/reports/wave-summary.pdf?wave=2025-Q2" in page


def _league(page: str) -> list[str]:
    """The location names of the dashboard's league table (its results, not its filters)."""
    return [re.search(r">([^<]+)</a>", row).group(1) for row in rows(page, "table.league")]


def test_dashboard_filters(world, client, auth):
    users, audits = world
    auth.login(users["acme"].email)
    assert _league(client.get("/client/").get_data(as_text=True)) == ["Acme Lyon", "Acme Paris"]
    page = client.get("/client/?wave=2025-Q1").get_data(as_text=True)
    assert _league(page) == ["Acme Lyon"]
    page = client.get(f"/client/?location={audits['acme_paris'].location_id}").get_data(
        as_text=True
    )
    assert _league(page) == ["Acme Paris"]
    page = client.get("/client/?from=2025-04-01&to=2025-06-30").get_data(as_text=True)
    assert _league(page) == ["Acme Paris"]


@pytest.mark.parametrize("path", ["/client/?from=notadate", "/client/audits?to=2025-99-01"])
def test_bad_filter_is_a_400_with_a_message_not_a_500(world, client, auth, path):
    users, _ = world
    auth.login(users["acme"].email)
    response = client.get(path)
    assert response.status_code == 400
    assert "not a date" in response.get_data(as_text=True)


@pytest.mark.parametrize(("who", "other"), [("acme", "globex"), ("globex", "acme")])
def test_audit_list_shows_only_own_published_audits(world, client, auth, who, other):
    users, audits = world
    auth.login(users[who].email)
    page = client.get("/client/audits").get_data(as_text=True)
    for key, audit in audits.items():
        link = f'/client/audits/{audit.id}"'
        if key.startswith(who) and key != "acme_hidden":
            assert link in page
        else:
            assert link not in page
    assert "Acme Unpublished Nantes" not in page


def test_audit_list_paginates(factory, client, auth):
    org = factory.organization()
    version = factory.checklist()
    location = factory.location(org)
    for _ in range(27):
        factory.audit(location=location, version=version, status="published")
    auth.login(factory.user("client", organization=org).email)
    first = client.get("/client/audits").get_data(as_text=True)
    assert "Page 1 of 2" in first and first.count('class="actions"') == 25
    second = client.get("/client/audits?page=2").get_data(as_text=True)
    assert second.count('class="actions"') == 2


def test_audit_detail(world, client, auth):
    users, audits = world
    audit = audits["acme_paris"]
    auth.login(users["acme"].email)
    page = client.get(f"/client/audits/{audit.id}").get_data(as_text=True)
    assert "Acme Paris" in page and "Greeting" in page and "Tills" in page
    assert "Minutes waited" in page and "Fail" in page
    assert f"/api/v1/audits/{audit.id}/report.pdf" in page


@pytest.mark.parametrize(
    ("who", "which", "status"),
    [
        ("acme", "acme_lyon", 200),
        ("acme", "acme_hidden", 404),
        ("acme", "globex_berlin", 404),
        ("globex", "acme_lyon", 404),
        ("globex", "globex_berlin", 200),
    ],
)
def test_audit_detail_is_scoped(world, client, auth, who, which, status):
    users, audits = world
    auth.login(users[who].email)
    assert client.get(f"/client/audits/{audits[which].id}").status_code == status


def test_hostile_text_is_escaped_on_pages(world, client, auth, factory):
    from audit.extensions import db

    users, audits = world
    audit = audits["acme_lyon"]
    audit.location.name = "<script>alert(1)</script>"
    db.session.commit()
    auth.login(users["acme"].email)
    for path in ("/client/", "/client/audits", f"/client/audits/{audit.id}"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_client_downloads_the_pdf_and_csv_with_their_session(world, client, auth):
    users, audits = world
    auth.login(users["acme"].email)
    pdf = client.get(f"/api/v1/audits/{audits['acme_lyon'].id}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert client.get(f"/api/v1/audits/{audits['globex_berlin'].id}/report.pdf").status_code == 404
    csv = client.get("/api/v1/exports/audits.csv").get_data(as_text=True)
    assert "Acme Lyon" in csv and "Globex Berlin" not in csv and "Nantes" not in csv


def test_audit_detail_shows_photo_thumbnails_linking_to_display_size(world, client, auth, factory):
    users, audits = world
    audit = audits["acme_lyon"]
    photo = factory.photo(audit, "tills", caption="Queue at <b>noon</b>")
    auth.login(users["acme"].email)
    page = client.get(f"/client/audits/{audit.id}").get_data(as_text=True)
    base = f"/api/v1/audits/{audit.id}/photos/{photo.id}"
    assert f'href="{base}?size=display"' in page
    assert f'src="{base}?size=thumb"' in page
    assert "Queue at &lt;b&gt;noon&lt;/b&gt;" in page


def test_dashboard_and_list_of_a_client_without_published_audits(factory, client, auth):
    org = factory.organization()
    factory.audit(location=factory.location(org), status="approved")
    auth.login(factory.user("client", organization=org).email)
    dashboard = client.get("/client/")
    assert dashboard.status_code == 200
    assert "No published audits match these filters yet." in dashboard.get_data(as_text=True)
    assert client.get("/client/audits?page=abc").status_code == 400  # not a page number
    listing = client.get("/client/audits?page=2")
    assert listing.status_code == 200
    assert "No published audits match these filters." in listing.get_data(as_text=True)
