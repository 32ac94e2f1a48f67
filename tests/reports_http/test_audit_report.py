"""GET /api/v1/audits/{id}/report.pdf: who may fetch it, what is in it, and the cache."""

from __future__ import annotations

import unicodedata

import pytest

from audit.extensions import db


def test_client_gets_their_published_report_with_everything_in_it(
    world, api, evidence, pdfs, factory
):
    users, audits = world
    audit = audits["acme_pub"]
    evidence.photo(audit, "greeting", "Entrance on arrival", seed=1)
    evidence.photo(audit, "greeting", "Greeting desk", seed=2)
    evidence.photo(audit, "tills", "Queue at the tills", seed=3)
    response = api(users["acme"]).get(f"/audits/{audit.id}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdfs.text(response.data)
    assert "Acme Retail" in text
    assert "Acme Lyon" in text
    for touchpoint in ("Greeting", "Tills"):
        assert touchpoint in text
    assert f"{audit.overall:.1f}" in text
    for caption in ("Entrance on arrival", "Greeting desk", "Queue at the tills"):
        assert caption in text
    assert pdfs.images(response.data) == 3


def test_hostile_comment_comes_out_as_literal_text(world, api, evidence, pdfs):
    users, audits = world
    audit = audits["acme_pub"]
    evidence.comment(audit, "greeted", pdfs.hostile)
    evidence.photo(audit, "tills", pdfs.hostile)
    response = api(users["consultant"]).get(f"/audits/{audit.id}/report.pdf")
    assert response.status_code == 200
    text = pdfs.squash(pdfs.text(response.data))
    assert text.count(pdfs.squash(pdfs.hostile)) >= 2


@pytest.mark.parametrize("name", ["Москва Центральный", "دبي مول"])
def test_cyrillic_and_arabic_location_names_extract(world, api, pdfs, name):
    users, audits = world
    audit = audits["acme_pub"]
    audit.location.name = name
    db.session.commit()
    text = pdfs.text(api(users["acme"]).get(f"/audits/{audit.id}/report.pdf").data)
    if "Москва" in name:
        assert name in text
    else:  # Arabic is drawn shaped and in visual order: pypdf reads it back in logical order
        assert name in unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize(
    ("who", "which", "status"),
    [
        ("consultant", "acme_pub", 200),
        ("consultant", "acme_draft", 200),
        ("acme", "acme_pub", 200),
        ("acme", "acme_draft", 404),
        ("acme", "globex_pub", 404),
        ("globex", "acme_pub", 404),
        ("globex", "globex_pub", 200),
        ("auditor", "acme_pub", 404),
    ],
)
def test_who_may_fetch_a_report(world, api, who, which, status):
    users, audits = world
    response = api(users[who]).get(f"/audits/{audits[which].id}/report.pdf")
    assert response.status_code == status
    if status == 404:
        assert response.get_json()["error"]["code"] == "not_found"


def test_not_signed_in_is_401(world, api):
    _, audits = world
    assert api().get(f"/audits/{audits['acme_pub'].id}/report.pdf").status_code == 401


def test_unpublished_report_is_marked_draft_for_the_consultant(world, api, pdfs):
    users, audits = world
    text = pdfs.text(
        api(users["consultant"]).get(f"/audits/{audits['acme_draft'].id}/report.pdf").data
    )
    assert "DRAFT" in text


def test_second_fetch_is_served_from_the_cache(world, api, monkeypatch):
    users, audits = world
    url = f"/audits/{audits['acme_pub'].id}/report.pdf"
    client = api(users["acme"])
    first = client.get(url)
    assert first.headers["X-Report-Cache"] == "miss"

    def no_build(data):
        raise AssertionError("the cached PDF should have been served")

    monkeypatch.setattr("audit.services.reporting.build_audit_report", no_build)
    second = client.get(url)
    assert second.headers["X-Report-Cache"] == "hit"
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]


def test_etag_gives_304(world, api):
    users, audits = world
    client = api(users["acme"])
    url = f"/audits/{audits['acme_pub'].id}/report.pdf"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_corrected_answer_gives_a_new_pdf(world, api, pdfs, factory):
    from audit.services.answers import correct_answer

    users, audits = world
    audit = audits["acme_pub"]
    client = api(users["acme"])
    url = f"/audits/{audit.id}/report.pdf"
    before = client.get(url)
    correct_answer(audit, users["consultant"], "greeted", "no", "Video shows no greeting")
    db.session.commit()
    after = client.get(url)
    assert after.headers["X-Report-Cache"] == "miss"
    assert after.headers["ETag"] != before.headers["ETag"]
    assert f"{audit.overall:.1f}" in pdfs.text(after.data)
    assert "Video shows no greeting" in pdfs.text(after.data)


def test_renamed_location_gives_a_new_pdf(world, api, pdfs):
    users, audits = world
    audit = audits["acme_pub"]
    client = api(users["acme"])
    url = f"/audits/{audit.id}/report.pdf"
    client.get(url)
    audit.location.name = "Acme Lyon Part-Dieu"
    db.session.commit()
    after = client.get(url)
    assert after.headers["X-Report-Cache"] == "miss"
    assert "Acme Lyon Part-Dieu" in pdfs.text(after.data)
