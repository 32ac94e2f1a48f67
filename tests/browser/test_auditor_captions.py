"""Editing a photo's caption in place, online and offline (queued in the outbox)."""

from __future__ import annotations

import pytest

from audit.extensions import db
from audit.models import Photo
from tests.browser.test_auditor_form import choose_photo, photos_of, wait_for
from tests.images import image_bytes
from tests.web.auditor.helpers import upload

pytestmark = pytest.mark.browser


@pytest.fixture
def auditor(factory):
    return factory.user("auditor", name="Cam Caption")


@pytest.fixture
def audit(factory, auditor):
    return factory.audit(auditor=auditor)


def caption_of(photo_id: int) -> str:
    return db.session.get(Photo, photo_id).caption


def test_caption_of_an_uploaded_photo_is_edited_in_place_offline_too(
    page, context, api, browser_login, audit, auditor
):
    photo = upload(api(auditor), audit.id, image_bytes(), caption="Door").json
    browser_login(auditor.email)
    page.goto(f"/auditor/audits/{audit.id}")
    page.wait_for_selector("html.js")
    field = page.locator(f'[data-photo-id="{photo["id"]}"] .photo-caption input[name=caption]')
    assert field.input_value() == "Door"
    assert page.get_by_role("button", name="Save caption").is_hidden()  # saved on change

    field.fill("Front door")
    field.press("Enter")
    assert wait_for(lambda: caption_of(photo["id"]) == "Front door")
    page.locator("[data-sync-state].is-saved").wait_for()

    context.set_offline(True)
    field.fill("Front door, closed")
    field.blur()
    page.wait_for_function(
        "() => document.querySelector('[data-sync-state]').textContent.includes('1 change')"
    )
    assert page.locator(".photo.caption-pending").count() == 1
    assert caption_of(photo["id"]) == "Front door"
    context.set_offline(False)
    assert wait_for(lambda: caption_of(photo["id"]) == "Front door, closed")
    page.locator(".photo.caption-pending").wait_for(state="detached")


def test_a_new_photo_gets_its_caption_field_once_uploaded(
    page, browser_login, audit, auditor, tmp_path
):
    path = tmp_path / "till.jpg"
    path.write_bytes(image_bytes(color=(20, 120, 200)))
    browser_login(auditor.email)
    page.goto(f"/auditor/audits/{audit.id}")
    page.wait_for_selector("html.js")
    choose_photo(page, "greeting", path, caption="Till")
    field = page.locator(
        "#photos-greeting .photo:not(.is-pending) .photo-caption input[name=caption]"
    )
    field.wait_for()
    assert field.input_value() == "Till"
    field.fill("Till, no queue")
    field.blur()
    [photo] = wait_for(lambda: photos_of(audit.id))
    assert wait_for(lambda: caption_of(photo.id) == "Till, no queue")


def test_a_refused_caption_is_said_under_the_photos(page, browser_login, api, audit, auditor):
    photo = upload(api(auditor), audit.id, image_bytes()).json
    browser_login(auditor.email)
    page.goto(f"/auditor/audits/{audit.id}")
    page.wait_for_selector("html.js")
    field = page.locator(f'[data-photo-id="{photo["id"]}"] .photo-caption input[name=caption]')
    field.evaluate("(el) => el.removeAttribute('maxlength')")
    field.fill("x" * 501)
    field.blur()
    error = page.locator("#photos-greeting [data-photo-error]")
    error.wait_for()
    assert error.inner_text() == "Not saved: at most 500 characters"
    assert caption_of(photo["id"]) == ""
