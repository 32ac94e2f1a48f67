"""Deleting evidence in the auditor's page, in Chromium: a photo or recording still waiting
in the outbox leaves it without reaching the server; one the server has is hidden at once
and its delete is queued, then sent."""

from __future__ import annotations

import pytest
from PIL import Image

from audit.extensions import db
from audit.models import AudioClip
from tests.audio_files import wav_bytes
from tests.browser.test_auditor_form import photos_of, wait_for
from tests.browser.test_auditor_signout import OUTBOX
from tests.browser.test_evidence_browser import open_audit
from tests.evidence.conftest import PHONE_CHECKLIST
from tests.images import encode

pytestmark = pytest.mark.browser


@pytest.fixture
def auditor(factory):
    return factory.user("auditor", name="Dana Delete")


@pytest.fixture
def phone_audit(factory, auditor):
    return factory.audit(auditor=auditor, version=factory.checklist(PHONE_CHECKLIST))


def clips_of(audit_id: int) -> list[AudioClip]:
    return list(db.session.scalars(db.select(AudioClip).where(AudioClip.audit_id == audit_id)))


def choose(page, block, label: str, path) -> None:
    with page.expect_file_chooser() as chooser:
        block.get_by_text(label).click()
    chooser.value.set_files(str(path))


def test_photos_deleted_while_queued_and_once_saved(
    page, context, browser_login, auditor, phone_audit, tmp_path
):
    photo = tmp_path / "front.jpg"
    photo.write_bytes(encode(Image.new("RGB", (640, 480), (200, 40, 40)), "JPEG"))
    browser_login(auditor.email)
    open_audit(page, phone_audit, "shop")
    block = page.locator("#photos-shop")
    count = block.locator("[data-photo-count]")

    context.set_offline(True)
    choose(page, block, "Choose from gallery", photo)
    block.locator(".photo.is-pending").wait_for()
    assert count.text_content() == "1"
    assert page.evaluate(OUTBOX)["ops"] == 1
    block.locator(".photo.is-pending button").click()
    assert block.locator(".photo").count() == 0 and count.text_content() == "0"
    page.wait_for_function(f"async () => (await ({OUTBOX})()).ops === 0")

    context.set_offline(False)
    choose(page, block, "Choose from gallery", photo)
    block.locator(".photo[data-photo-id]").wait_for()
    [saved] = wait_for(lambda: photos_of(phone_audit.id))
    context.set_offline(True)
    block.locator(f'[data-photo-id="{saved.id}"] button').click()
    assert block.locator(".photo").count() == 0 and count.text_content() == "0"
    page.wait_for_function(f"async () => (await ({OUTBOX})()).ops === 1")
    assert len(photos_of(phone_audit.id)) == 1  # offline: still on the server

    context.set_offline(False)
    page.locator("[data-sync-state].is-saved").wait_for()
    assert wait_for(lambda: not photos_of(phone_audit.id))


def test_recordings_deleted_while_queued_and_once_saved(
    page, context, browser_login, auditor, phone_audit, tmp_path
):
    call = tmp_path / "call.wav"
    call.write_bytes(wav_bytes(1.0))
    browser_login(auditor.email)
    open_audit(page, phone_audit, "call")
    block = page.locator("#audio-call")

    context.set_offline(True)
    choose(page, block, "Choose an audio file", call)
    block.locator("li.is-pending").wait_for()
    assert page.evaluate(OUTBOX)["ops"] == 1
    block.locator("li.is-pending button").click()
    assert block.locator(".audio-list li").count() == 0
    page.wait_for_function(f"async () => (await ({OUTBOX})()).ops === 0")

    context.set_offline(False)
    choose(page, block, "Choose an audio file", call)
    block.locator("li[data-audio-id]").wait_for()
    [saved] = wait_for(lambda: clips_of(phone_audit.id))
    context.set_offline(True)
    block.locator(f'[data-audio-id="{saved.id}"] button').click()
    assert block.locator(".audio-list li").count() == 0
    page.wait_for_function(f"async () => (await ({OUTBOX})()).ops === 1")
    assert len(clips_of(phone_audit.id)) == 1  # offline: still on the server

    context.set_offline(False)
    page.locator("[data-sync-state].is-saved").wait_for()
    assert wait_for(lambda: not clips_of(phone_audit.id))
