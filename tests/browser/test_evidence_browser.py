"""Evidence in the auditor's page, in Chromium: a photo marked up and blurred before it is
queued (no sharp copy in the outbox nor on the server), recordings made with MediaRecorder
or chosen from a file and queued offline like photos."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from audit.extensions import db
from audit.models import AudioClip
from tests.audio_files import wav_bytes
from tests.browser.test_auditor_form import photos_of, wait_for
from tests.browser.test_auditor_signout import OUTBOX
from tests.evidence.conftest import PHONE_CHECKLIST
from tests.images import encode

pytestmark = pytest.mark.browser

# The queued photo's bytes, as the outbox will send them (base64), or null.
QUEUED_PHOTO = """async () => {
  const db = await new Promise((ok, ko) => {
    const r = indexedDB.open("audit-outbox"); r.onsuccess = () => ok(r.result); r.onerror = ko;
  });
  const ops = await new Promise((ok) => {
    const r = db.transaction("ops").objectStore("ops").getAll(); r.onsuccess = () => ok(r.result);
  });
  db.close();
  const op = ops.find((o) => o.kind === "photo");
  if (!op) return null;
  const bytes = new Uint8Array(await op.blob.arrayBuffer());
  let text = "";
  bytes.forEach((b) => { text += String.fromCharCode(b); });
  return { data: btoa(text), criterion: op.criterion, kind: op.photoKind, all: ops.length };
}"""

# A microphone for the recorder: a tone from an oscillator (no device, no browser flag).
FAKE_MICROPHONE = """() => {
  navigator.mediaDevices.getUserMedia = async () => {
    const context = new AudioContext();
    await context.resume();
    const tone = context.createOscillator();
    const out = context.createMediaStreamDestination();
    tone.connect(out);
    tone.start();
    return out.stream;
  };
}"""


@pytest.fixture
def auditor(factory):
    return factory.user("auditor", name="Pia Phone")


@pytest.fixture
def phone_audit(factory, auditor):
    return factory.audit(auditor=auditor, version=factory.checklist(PHONE_CHECKLIST))


@pytest.fixture
def noisy_photo(tmp_path) -> Path:
    """640x480 of noise: sharp detail everywhere, so a blurred region is easy to tell."""
    path = tmp_path / "counter.jpg"
    path.write_bytes(encode(Image.effect_noise((640, 480), 90).convert("RGB"), "JPEG", quality=95))
    return path


def block_spread(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """The largest standard deviation of grey levels in 40x40 windows inside `box`
    (fractions of the image): near 0 where pixelated, large where sharp."""
    grey = image.convert("L")
    w, h = grey.size
    left, top, right, bottom = box[0] * w, box[1] * h, box[2] * w, box[3] * h
    # Windows centred in the editor's 80 px blocks (of the 640x480 picture), scaled.
    scale = w / 640
    spreads = []
    y = top + 20 * scale
    while y + 40 * scale <= bottom:
        x = left + 20 * scale
        while x + 40 * scale <= right:
            window = grey.crop((int(x), int(y), int(x + 40 * scale), int(y + 40 * scale)))
            spreads.append(ImageStat.Stat(window).stddev[0])
            x += 80 * scale
        y += 80 * scale
    return max(spreads)


def open_audit(page, audit, tp: str) -> None:
    page.goto(f"/auditor/audits/{audit.id}?tp={tp}")
    page.wait_for_selector("html.js")


def test_a_blurred_photo_has_no_sharp_copy_in_the_outbox_or_on_the_server(
    page, context, browser_login, auditor, phone_audit, noisy_photo, app
):
    browser_login(auditor.email)
    open_audit(page, phone_audit, "shop")
    block = page.locator("#photos-shop")
    block.get_by_label("Evidence of").select_option("clean")
    block.get_by_label("Mark up or blur before adding").check()
    context.set_offline(True)  # so the queued copy can be read before it is sent
    with page.expect_file_chooser() as chooser:
        block.get_by_text("Choose from gallery").click()
    chooser.value.set_files(str(noisy_photo))

    dialog = page.locator("dialog.annotate")
    dialog.wait_for()
    canvas = dialog.locator("canvas")
    box = canvas.bounding_box()
    # An arrow on the right half, then the left half blurred (a face, a card number...).
    drag(page, box, (0.6, 0.3), (0.9, 0.7))
    dialog.get_by_role("button", name="Blur").click()
    drag(page, box, (0.002, 0.002), (0.5, 0.998))
    dialog.get_by_role("button", name="Use this photo").click()
    page.locator("#photos-shop .photo.is-pending").wait_for()
    page.locator("#c-clean .question-photos img").wait_for()

    queued = page.evaluate(QUEUED_PHOTO)
    assert queued["all"] == 1 and queued["criterion"] == "clean"
    sent = Image.open(io.BytesIO(base64.b64decode(queued["data"])))
    assert sent.size == (640, 480)
    original = Image.open(noisy_photo)
    left = (0.0, 0.0, 0.5, 1.0)
    assert block_spread(original, left) > 40
    assert block_spread(sent, left) < 12, "the blurred half is still sharp in the outbox"
    assert block_spread(sent, (0.5, 0.0, 0.6, 1.0)) > 40  # the rest is untouched

    context.set_offline(False)
    page.locator("[data-sync-state].is-saved").wait_for()
    [photo] = wait_for(lambda: photos_of(phone_audit.id))
    assert photo.criterion_key == "clean"
    assert page.evaluate(OUTBOX)["ops"] == 0
    # Every stored size of every stored photo: the only picture is the blurred one.
    stored = [p for p in Path(app.config["PHOTO_STORAGE_PATH"]).rglob("*.jpg")]
    mine = [p for p in stored if photo.sha256 in str(p)]
    assert {p.stem for p in mine} >= {"original", "display", "thumb"}
    for path in mine:
        assert block_spread(Image.open(path), (0.0, 0.0, 0.45, 1.0)) < 15, path.name
    assert all(p.read_bytes() != noisy_photo.read_bytes() for p in stored)


def test_recordings_wait_offline_and_arrive(
    page, context, browser_login, auditor, phone_audit, tmp_path
):
    call = tmp_path / "call.wav"
    call.write_bytes(wav_bytes(1.0))
    browser_login(auditor.email)
    open_audit(page, phone_audit, "call")
    page.evaluate(FAKE_MICROPHONE)
    context.set_offline(True)

    block = page.locator("#audio-call")
    block.get_by_label("Evidence of").select_option("polite")
    block.get_by_role("button", name="Record").click()
    block.locator("[data-record-time]").wait_for()
    page.wait_for_timeout(1500)
    block.get_by_role("button", name="Stop recording").click()
    with page.expect_file_chooser() as chooser:
        block.get_by_text("Choose an audio file").click()
    chooser.value.set_files(str(call))
    page.wait_for_function(
        "() => document.querySelectorAll('#audio-call li.is-pending').length === 2"
    )
    assert page.evaluate(OUTBOX)["ops"] == 2
    assert db.session.query(AudioClip).count() == 0

    context.set_offline(False)
    page.locator("[data-sync-state].is-saved").wait_for()
    clips = wait_for(
        lambda: (
            db.session.query(AudioClip).order_by(AudioClip.id).all()
            if db.session.query(AudioClip).count() == 2
            else None
        )
    )
    recorded, chosen = clips
    assert recorded.container in ("webm", "ogg", "mp4") and recorded.criterion_key == "polite"
    assert 0.5 < recorded.duration_ms / 1000 < 10
    assert chosen.container == "wav" and chosen.duration_ms == 1000
    assert page.locator("#audio-call li.is-pending").count() == 0
    assert page.locator("#audio-call li[data-audio-id] audio").count() == 2


def drag(page, box: dict, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag across a box (fractions of its width and height) with the pointer."""
    page.mouse.move(box["x"] + box["width"] * start[0], box["y"] + box["height"] * start[1])
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * end[0], box["y"] + box["height"] * end[1], steps=5)
    page.mouse.up()


def test_annotation_screens(page, browser_login, auditor, phone_audit, noisy_photo):
    """Screenshots of the editor at phone, tablet and laptop widths (LAYOUT_SHOTS=dir)."""
    shots = os.environ.get("LAYOUT_SHOTS")
    browser_login(auditor.email)
    for width, height in ((390, 844), (768, 1024), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        open_audit(page, phone_audit, "shop")
        block = page.locator("#photos-shop")
        block.get_by_label("Mark up or blur before adding").check()
        with page.expect_file_chooser() as chooser:
            block.get_by_text("Choose from gallery").click()
        chooser.value.set_files(str(noisy_photo))
        dialog = page.locator("dialog.annotate")
        dialog.wait_for()
        # Everything fits: no sideways scrolling, the buttons in view and tappable.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        for name in ("Arrow", "Circle", "Text", "Blur", "Undo", "Cancel", "Use this photo"):
            button = dialog.get_by_role("button", name=name, exact=True).bounding_box()
            assert button["x"] >= 0 and button["x"] + button["width"] <= width, name
            assert button["height"] >= 44 and button["width"] >= 44, name
        canvas = dialog.locator("canvas").bounding_box()
        assert canvas["width"] <= width and canvas["y"] + canvas["height"] <= height
        drag(page, canvas, (0.55, 0.2), (0.85, 0.6))  # an arrow, with a finger
        dialog.get_by_role("button", name="Blur").click()
        drag(page, canvas, (0.05, 0.1), (0.4, 0.5))
        if shots:
            page.screenshot(path=f"{shots}/annotate-{width}.png")
        dialog.get_by_role("button", name="Cancel").click()
        dialog.wait_for(state="detached")
    assert photos_of(phone_audit.id) == []
    if shots:
        for width, height in ((390, 844), (768, 1024), (1024, 768)):
            page.set_viewport_size({"width": width, "height": height})
            open_audit(page, phone_audit, "call")
            page.locator("#audio-call").screenshot(path=f"{shots}/audio-{width}.png")
            open_audit(page, phone_audit, "shop")
            page.locator("#photos-shop").screenshot(path=f"{shots}/photo-form-{width}.png")
