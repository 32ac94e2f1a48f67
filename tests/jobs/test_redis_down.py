"""REDIS_URL set but Redis unreachable: nothing committed is lost, and the API says so."""

from __future__ import annotations

import logging

import pytest

from tests.jobs.backends import Backend, free_port


@pytest.fixture
def down(sibling_app) -> Backend:
    """The app pointed at a loopback port where no Redis listens (connections refused)."""
    app = sibling_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    return Backend("down", app, lambda: None)


def test_a_publish_still_builds_its_pdf_when_redis_is_down(down, wave, caplog):
    audit_id = wave["approved"].id
    with caplog.at_level(logging.ERROR, logger="audit.jobs"):
        published = down.api(wave["consultant"]).post(f"/audits/{audit_id}/publish")
    assert published.status_code == 200
    assert "running it in this process" in caplog.text
    report = down.api(wave["acme"]).get(f"/audits/{audit_id}/report.pdf")
    assert report.headers["X-Report-Cache"] == "hit"


def test_wave_jobs_answer_503_when_redis_is_down(down, wave):
    api = down.api(wave["acme"])
    started = api.post("/reports/wave-summary.pdf?wave=W1")
    assert started.status_code == 503
    assert "unavailable" in started.get_json()["error"]["message"]
    assert api.get("/jobs/" + "0" * 32).status_code == 503
    assert api.get("/reports/wave-summary.pdf?wave=W1").status_code == 200  # as before
