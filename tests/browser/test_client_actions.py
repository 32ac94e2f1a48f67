"""A client user follows up a corrective action in the browser: a note, a photo, done."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from audit.extensions import db
from audit.models import ActionChange, CorrectiveAction
from tests.actions_world import ActionsWorld
from tests.images import image_bytes

pytestmark = pytest.mark.browser


def test_client_moves_an_action_to_done_with_a_note_and_a_photo(
    page, browser_login, factory, tmp_path
):
    world = ActionsWorld(factory)
    world.audit(status="published")
    action = db.session.scalar(select(CorrectiveAction))
    photo = tmp_path / "fixed.jpg"
    photo.write_bytes(image_bytes("JPEG", (320, 240)))
    browser_login(world.client_acme.email)

    page.goto("/client/")
    page.click("text=Corrective actions")
    page.click(f"a:has-text('{action.title}')")
    page.select_option("select[name=status]", "in_progress")
    page.fill("textarea[name=note]", "New greeting script posted in the staff room")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Action updated.")
    assert "New greeting script posted in the staff room" in page.inner_text(".action-history")

    page.select_option("select[name=status]", "done")
    page.fill("textarea[name=note]", "Every shopper greeted this week")
    page.set_input_files("input[name=photo]", str(photo))
    page.click("button:has-text('Save')")
    page.wait_for_selector(".evidence img")
    assert page.inner_text(".action-facts .badge-action-done") == "done"

    db.session.expire_all()
    kinds = [
        (c.kind, c.from_status, c.to_status, c.note)
        for c in db.session.scalars(select(ActionChange).order_by(ActionChange.id))
    ]
    assert kinds[1:] == [
        ("status", "open", "in_progress", "New greeting script posted in the staff room"),
        ("status", "in_progress", "done", "Every shopper greeted this week"),
        ("evidence", None, None, ""),
    ]
    # Verifying is the consultant's: the client is not offered it.
    options = page.locator("select[name=status] option").all_inner_texts()
    assert "verified" not in " ".join(options)
