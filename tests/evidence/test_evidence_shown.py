"""Evidence shows where it belongs: a question's photo beside it in the auditor's form, the
review page, the client's page and the PDF; receipts labelled; recordings played and listed."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from audit.extensions import db
from tests.audio_files import wav_bytes
from tests.html import region
from tests.images import image_bytes
from tests.web.auditor.helpers import upload

ANSWERS = {"answered": "yes", "polite": "yes", "clean": "no", "price": "yes"}


def _record(api_client, audit_id: int):
    fields = {
        "file": (io.BytesIO(wav_bytes(1.2)), "call.wav"),
        "touchpoint": "call",
        "criterion": "polite",
        "caption": "Agent on the phone",
    }
    response = api_client.post(
        f"/audits/{audit_id}/audio", data=fields, content_type="multipart/form-data"
    )
    assert response.status_code == 201, response.json
    return response.json


def _evidence(api, auditor, audit):
    """The auditor answers, photographs the dusty counter, the shop and the receipt."""
    client = api(auditor)
    assert client.patch(f"/audits/{audit.id}/answers", json=ANSWERS).status_code == 200
    dusty = upload(
        client,
        audit.id,
        image_bytes("JPEG", (320, 240)),
        touchpoint="shop",
        criterion="clean",
        caption="Dusty counter",
    ).json
    front = upload(
        client, audit.id, image_bytes("PNG", (320, 240)), touchpoint="shop", caption="Shop front"
    ).json
    receipt = upload(
        client,
        audit.id,
        image_bytes("JPEG", (200, 300)),
        touchpoint="shop",
        kind="receipt",
        caption="Till receipt",
    ).json
    clip = _record(client, audit.id)
    return dusty, front, receipt, clip


def _publish(audit):
    audit.status = "published"
    audit.visited_at = audit.submitted_at = audit.published_at = datetime(2026, 3, 1, tzinfo=UTC)
    db.session.commit()


def test_the_auditor_sees_a_question_photo_beside_it(api, auth, client, auditor, phone_audit):
    dusty, front, _receipt, _clip = _evidence(api, auditor, phone_audit)
    auth.login(auditor.email)
    page = client.get(f"/auditor/audits/{phone_audit.id}?tp=shop").get_data(as_text=True)
    at_question = region(page, "fieldset#c-clean")
    assert f"/photos/{dusty['id']}" in at_question
    assert f"/photos/{front['id']}" not in at_question
    assert f"/photos/{dusty['id']}" not in region(page, "fieldset#c-price")
    photos = region(page, "div#photos-shop")
    assert "Receipt" in photos and "Was the counter clean?" in photos
    assert 'name="criterion"' in photos and 'value="receipt"' in photos
    audio = region(page, "div#audio-call")
    assert "/audio/" in audio and "0:01" in audio


def test_the_recorder_is_hidden_when_the_organisation_forbids_it(
    api, auth, client, auditor, phone_audit
):
    phone_audit.organization.allow_recordings = False
    db.session.commit()
    auth.login(auditor.email)
    page = client.get(f"/auditor/audits/{phone_audit.id}?tp=call").get_data(as_text=True)
    assert 'id="audio-call"' not in page and "data-record" not in page


def test_the_review_page_shows_question_photos_and_plays_recordings(
    api, auth, client, factory, auditor, phone_audit
):
    dusty, front, receipt, clip = _evidence(api, auditor, phone_audit)
    consultant = factory.user("consultant")
    auth.login(consultant.email)
    page = client.get(f"/consultant/audits/{phone_audit.id}").get_data(as_text=True)
    shop = region(page, "section#tp-shop")
    row = shop[shop.index("Was the counter clean?") : shop.index("Were prices shown?")]
    assert f"/photos/{dusty['id']}/" in row
    grid = region(shop, "div.photo-grid")
    assert f"/photos/{front['id']}/" in grid and f"/photos/{dusty['id']}/" not in grid
    assert "Receipt" in grid
    call = region(page, "section#tp-call")
    src = f"/api/v1/audits/{phone_audit.id}/audio/{clip['id']}"
    assert f'<audio controls preload="metadata" src="{src}"' in call
    assert "0:01" in call and "Agent on the phone" in call


def test_the_client_sees_the_failure_photo_beside_the_failure(
    api, auth, client, factory, auditor, phone_audit
):
    dusty, front, _receipt, _clip = _evidence(api, auditor, phone_audit)
    _publish(phone_audit)
    reader = factory.user("client", organization=phone_audit.organization)
    auth.login(reader.email)
    page = client.get(f"/client/audits/{phone_audit.id}").get_data(as_text=True)
    shop = region(page, "section#tp-shop")
    failed = shop[shop.index("Was the counter clean?") : shop.index("Were prices shown?")]
    assert f"/photos/{dusty['id']}" in failed and "Dusty counter" in failed
    assert "Fail" in failed


def test_the_pdf_draws_a_question_photo_under_it_and_lists_recordings(
    api, factory, auditor, phone_audit
):
    _evidence(api, auditor, phone_audit)
    _publish(phone_audit)
    reader = factory.user("client", organization=phone_audit.organization)
    response = api(reader).get(f"/audits/{phone_audit.id}/report.pdf")
    assert response.status_code == 200
    pdf = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    question = text.index("Was the counter clean?")
    label = text.index("PHOTOS OF CRITERION 1", question)
    caption = text.index("Dusty counter", label)
    assert caption < text.index("Were prices shown?", question)
    assert "Receipt · Till receipt" in text
    recordings = text.index("RECORDINGS")
    assert (
        "Recording 1 · 0:01 · about: Was the agent polite? · Agent on the phone"
        in text[recordings:]
    )
