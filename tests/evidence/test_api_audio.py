"""The audio API: upload checked by content and length, list, play, delete, org refusal."""

from __future__ import annotations

import io

import pytest

from audit.extensions import db
from audit.models import AudioClip
from audit.services.audio import audio_key, audio_storage
from tests.audio_files import ogg_opus_bytes, wav_bytes, webm_bytes
from tests.images import image_bytes


def send(client, audit_id: int, data: bytes, filename: str = "clip.webm", **form):
    """POST a recording as multipart, as the outbox does."""
    fields = {"file": (io.BytesIO(data), filename), "touchpoint": "call", **form}
    return client.post(f"/audits/{audit_id}/audio", data=fields, content_type="multipart/form-data")


def test_a_real_wav_is_stored_listed_played_and_deleted(api, auditor, phone_audit):
    client = api(auditor)
    data = wav_bytes(1.5)
    response = send(client, phone_audit.id, data, "call.wav", caption=" Agent ", client_uid="u1")
    assert response.status_code == 201, response.json
    clip = response.json
    assert clip["content_type"] == "audio/wav"
    assert clip["duration"] == pytest.approx(1.5)
    assert clip["caption"] == "Agent"
    assert send(client, phone_audit.id, data, "call.wav", client_uid="u1").status_code == 200
    listed = client.get(f"/audits/{phone_audit.id}/audio").json
    assert listed["total"] == 1 and listed["items"][0]["id"] == clip["id"]
    played = client.get(clip["url"].removeprefix("/api/v1"))
    assert played.status_code == 200 and played.mimetype == "audio/wav"
    assert played.get_data() == data
    played.close()
    ranged = client.get(clip["url"].removeprefix("/api/v1"), headers={"Range": "bytes=0-9"})
    assert ranged.status_code == 206 and ranged.get_data() == data[:10]
    ranged.close()
    download = client.get(clip["url"].removeprefix("/api/v1") + "?download=1")
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()
    key = audio_key(db.session.get(AudioClip, clip["id"]))
    assert client.delete(f"/audits/{phone_audit.id}/audio/{clip['id']}").status_code == 204
    assert not audio_storage().exists(key)
    assert client.get(f"/audits/{phone_audit.id}/audio").json["total"] == 0


@pytest.mark.parametrize("make", [ogg_opus_bytes, webm_bytes])
def test_ogg_and_webm_recordings_are_accepted(api, auditor, phone_audit, make):
    response = send(api(auditor), phone_audit.id, make(2.0), "rec.bin")
    assert response.status_code == 201, response.json
    assert response.json["duration"] == pytest.approx(2.0, abs=0.05)


@pytest.mark.parametrize(
    "data",
    [image_bytes("JPEG", (64, 48)), bytes(range(256)) * 40, b"not audio at all"],
    ids=["jpeg-renamed-webm", "random-bytes", "text"],
)
def test_what_is_not_audio_is_refused_whatever_its_name(api, auditor, phone_audit, data):
    response = send(api(auditor), phone_audit.id, data, "recording.webm")
    assert response.status_code == 422
    problem = response.json["error"]["details"][0]
    assert problem["field"] == "file" and problem["code"] == "not_audio"
    assert "WebM" in problem["message"]
    assert db.session.query(AudioClip).count() == 0


def test_a_recording_longer_than_the_touchpoint_allows_is_refused(api, auditor, phone_audit):
    response = send(api(auditor), phone_audit.id, wav_bytes(6.0), "long.wav")
    assert response.status_code == 422
    problem = response.json["error"]["details"][0]
    assert problem["code"] == "too_long"
    assert "6 s" in problem["message"] and "5 seconds" in problem["message"]


def test_a_file_over_the_byte_limit_is_413(app, api, auditor, phone_audit, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIO_MAX_BYTES", 100_000)
    response = send(api(auditor), phone_audit.id, wav_bytes(8.0), "big.wav")
    assert response.status_code == 413
    problem = response.json["error"]["details"][0]
    assert problem["code"] == "too_large"
    assert problem["message"] == "the file is 0.1 MB; the limit is 0.1 MB"


def test_touchpoint_without_audio_and_the_most_allowed(api, auditor, phone_audit):
    client = api(auditor)
    response = send(client, phone_audit.id, wav_bytes(0.5), touchpoint="shop")
    assert response.status_code == 422
    assert response.json["error"]["details"][0]["field"] == "touchpoint"
    for seconds in (0.5, 0.6):
        assert send(client, phone_audit.id, wav_bytes(seconds)).status_code == 201
    assert send(client, phone_audit.id, wav_bytes(0.7)).status_code == 409


def test_a_criterion_of_the_touchpoint_is_kept(api, auditor, phone_audit):
    client = api(auditor)
    response = send(client, phone_audit.id, wav_bytes(0.5), criterion="polite")
    assert response.status_code == 201 and response.json["criterion"] == "polite"
    wrong = send(client, phone_audit.id, wav_bytes(0.5), criterion="clean")
    assert wrong.status_code == 422
    assert wrong.json["error"]["details"][0]["field"] == "criterion"


def test_an_organisation_forbidding_recordings_refuses_uploads(api, factory, auditor, phone_audit):
    consultant = factory.user("consultant")
    slug = phone_audit.organization.slug
    patched = api(consultant).patch(f"/organizations/{slug}", json={"allow_recordings": False})
    assert patched.status_code == 200 and patched.json["allow_recordings"] is False
    assert api(consultant).get(f"/organizations/{slug}").json["allow_recordings"] is False
    response = send(api(auditor), phone_audit.id, wav_bytes(0.5))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "recordings_forbidden"
    assert "does not allow recordings" in response.json["error"]["message"]
    bad = api(consultant).patch(f"/organizations/{slug}", json={"allow_recordings": "no"})
    assert bad.status_code == 422


def test_others_cannot_add_or_remove_recordings(api, factory, auditor, phone_audit):
    consultant = factory.user("consultant")
    assert send(api(consultant), phone_audit.id, wav_bytes(0.5)).status_code == 403
    stranger = factory.user("auditor")
    assert send(api(stranger), phone_audit.id, wav_bytes(0.5)).status_code == 404
