"""PATCH /audits/{id}/photos/{photo_id} `{"caption"}`: its auditor, while the audit can change."""

from __future__ import annotations

import pytest

from audit.extensions import db
from audit.models import AuditEvent, Photo
from tests.api.test_openapi import assert_documented
from tests.images import image_bytes
from tests.web.auditor.helpers import upload

PATH = "/audits/{audit}/photos/{photo}"


@pytest.fixture
def photo(api, auditor, audit):
    return upload(api(auditor), audit.id, image_bytes(), caption="Door").json


def patch(client, audit_id: int, photo_id: int, **kwargs):
    path = PATH.format(audit=audit_id, photo=photo_id)
    response = client.patch(path, **kwargs)
    assert_documented(response, "PATCH", path)
    return response


def caption_of(photo_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Photo, photo_id).caption


def test_the_auditor_changes_the_caption(api, auditor, audit, photo):
    response = patch(api(auditor), audit.id, photo["id"], json={"caption": "  Front door  "})
    assert response.status_code == 200
    assert response.json["caption"] == "Front door"
    assert response.json["id"] == photo["id"]
    assert caption_of(photo["id"]) == "Front door"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "photo_captioned"))
    assert event.data == {"photo": photo["id"], "from": "Door", "to": "Front door"}


def test_an_empty_caption_removes_it_and_the_same_one_records_nothing(api, auditor, audit, photo):
    client = api(auditor)
    assert patch(client, audit.id, photo["id"], json={"caption": "Door"}).status_code == 200
    assert (
        db.session.scalar(
            db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "photo_captioned")
        )
        == 0
    )
    assert patch(client, audit.id, photo["id"], json={"caption": ""}).status_code == 200
    assert caption_of(photo["id"]) == ""


@pytest.mark.parametrize(
    "body",
    [{"caption": "x" * 501}, {"caption": 42}, {"caption": ["a"]}, {"title": "Door"}],
    ids=["too-long", "number", "list", "missing"],
)
def test_a_bad_caption_is_422(api, auditor, audit, photo, body):
    response = patch(api(auditor), audit.id, photo["id"], json=body)
    assert response.status_code == 422
    assert response.json["error"]["details"][0]["field"] == "caption"
    assert caption_of(photo["id"]) == "Door"


def test_a_body_that_is_not_json_is_400(api, auditor, audit, photo):
    response = patch(api(auditor), audit.id, photo["id"], data="caption=x")
    assert response.status_code == 400


def test_after_submit_it_is_409(api, auditor, audit, photo):
    audit.status = "submitted"
    db.session.commit()
    response = patch(api(auditor), audit.id, photo["id"], json={"caption": "Late"})
    assert response.status_code == 409
    assert caption_of(photo["id"]) == "Door"


def test_others_are_refused(api, factory, auditor, audit, photo):
    consultant = api(factory.user("consultant"))
    assert patch(consultant, audit.id, photo["id"], json={"caption": "x"}).status_code == 403
    other = api(factory.user("auditor"))
    assert patch(other, audit.id, photo["id"], json={"caption": "x"}).status_code == 404
    client_user = api(factory.user("client", organization=audit.organization))
    assert patch(client_user, audit.id, photo["id"], json={"caption": "x"}).status_code == 404
    assert patch(api(), audit.id, photo["id"], json={"caption": "x"}).status_code == 401
    assert caption_of(photo["id"]) == "Door"


def test_a_photo_of_another_audit_or_none_is_404(api, factory, auditor, audit, photo):
    mine = api(auditor)
    second = factory.audit(auditor=auditor)
    assert patch(mine, second.id, photo["id"], json={"caption": "x"}).status_code == 404
    assert patch(mine, audit.id, 999_999, json={"caption": "x"}).status_code == 404


def test_without_the_script_the_form_posts_the_caption(client, auth, auditor, audit, photo):
    auth.login(auditor.email)
    html = client.get(f"/auditor/audits/{audit.id}").get_data(as_text=True)
    action = f"/auditor/audits/{audit.id}/photos/{photo['id']}/caption"
    assert f'action="{action}"' in html
    assert 'value="Door"' in html
    response = client.post(action, data={"caption": "Side door"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("?tp=greeting#photos-greeting")
    assert caption_of(photo["id"]) == "Side door"
    response = client.post(action, data={"caption": "x" * 501}, follow_redirects=True)
    assert "The caption is too long." in response.get_data(as_text=True)
    assert caption_of(photo["id"]) == "Side door"


def test_a_submitted_audit_shows_the_caption_read_only(client, auth, auditor, audit, photo):
    audit.status = "submitted"
    db.session.commit()
    auth.login(auditor.email)
    html = client.get(f"/auditor/audits/{audit.id}").get_data(as_text=True)
    assert '<span class="caption">Door</span>' in html
    assert "photo-caption" not in html
