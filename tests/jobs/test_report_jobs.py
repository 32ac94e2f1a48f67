"""Report jobs, inline and through Redis + RQ: the PDF built on publish, wave summaries."""

from __future__ import annotations

import pytest

from audit.extensions import db
from audit.jobs.reports import prebuild_audit_report
from audit.services.report_filters import parse_filters
from audit.services.reporting import wave_report
from tests.jobs.backends import Backend, burst

WAVE_PDF = "/reports/wave-summary.pdf?wave=W1"


def _report(backend, user, audit_id):
    return backend.api(user).get(f"/audits/{audit_id}/report.pdf")


def test_publishing_builds_the_client_pdf_so_the_first_download_is_instant(backend, wave):
    audit_id = wave["approved"].id
    published = backend.api(wave["consultant"]).post(f"/audits/{audit_id}/publish")
    assert published.status_code == 200
    if backend.name == "redis":
        assert backend.queued() == 1  # not built in the request
    backend.work()
    response = _report(backend, wave["acme"], audit_id)
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["X-Report-Cache"] == "hit"


def test_a_refused_publish_builds_nothing(backend, wave):
    audit_id = wave["published"].id
    refused = backend.api(wave["consultant"]).post(f"/audits/{audit_id}/publish")
    assert refused.status_code == 409
    assert backend.queued() == 0
    backend.work()
    assert _report(backend, wave["acme"], audit_id).headers["X-Report-Cache"] == "miss"


def test_the_prebuild_job_is_a_plain_function(app_ctx, wave, client):
    prebuild_audit_report(wave["published"].id)
    prebuild_audit_report(wave["approved"].id)  # not published: nothing for a client
    prebuild_audit_report(2**31 - 1)  # gone: nothing to do
    from tests.apiclient import ApiClient

    response = ApiClient(client, app_ctx, wave["acme"]).get(
        f"/audits/{wave['published'].id}/report.pdf"
    )
    assert response.headers["X-Report-Cache"] == "hit"


def test_wave_summary_in_the_background_then_downloaded_from_the_cache(backend, wave):
    api = backend.api(wave["acme"])
    started = api.post(WAVE_PDF)
    assert started.status_code == 202
    job = started.get_json()
    assert started.headers["Location"] == job["url"] == f"/api/v1/jobs/{job['id']}"
    assert (job["status"], job["progress"], job["result_url"]) == ("queued", 0, None)
    assert job["kind"] == "wave_summary" and job["message"] == "Waiting to start…"
    backend.work()
    polled = api.get(f"/jobs/{job['id']}").get_json()
    assert (polled["status"], polled["progress"], polled["message"]) == ("done", 100, "Ready.")
    assert polled["result_url"] == "/api/v1" + WAVE_PDF
    download = backend.app.test_client().get(polled["result_url"], headers=api.headers)
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert download.headers["X-Report-Cache"] == "hit"


def test_a_job_is_seen_by_its_starter_and_consultants_only(backend, wave):
    job_id = backend.api(wave["acme"]).post(WAVE_PDF).get_json()["id"]
    backend.work()
    for who, status in [
        ("acme", 200),
        ("consultant", 200),
        ("acme2", 404),  # same organisation, not theirs
        ("globex", 404),
        ("auditor", 404),
    ]:
        assert backend.api(wave[who]).get(f"/jobs/{job_id}").status_code == status, who
    assert backend.api().get(f"/jobs/{job_id}").status_code == 401
    consultant = backend.api(wave["consultant"])
    assert consultant.get("/jobs/" + "0" * 32).status_code == 404
    assert consultant.get("/jobs/not-a-job").status_code == 404


@pytest.mark.parametrize(
    ("who", "query", "status"),
    [
        ("acme", "", 400),  # no wave
        ("acme", "?wave=nope", 404),
        ("acme", "?wave=W1&from=yesterday", 400),
        ("auditor", "?wave=W1", 403),
        ("consultant", "?wave=W1&organization=globex", 404),
    ],
)
def test_a_wave_job_that_cannot_succeed_is_refused_at_once(backend, wave, who, query, status):
    response = backend.api(wave[who]).post("/reports/wave-summary.pdf" + query)
    assert response.status_code == status
    assert response.get_json()["error"]["message"]
    assert backend.queued() == 0


def test_a_wave_emptied_before_the_worker_runs_fails_visibly(redis_app, wave, caplog):
    backend = Backend("redis", redis_app, lambda: burst(redis_app))
    api = backend.api(wave["acme"])
    job_id = api.post(WAVE_PDF).get_json()["id"]
    wave["published"].status = "approved"  # withdrawn while the job waited
    db.session.commit()
    backend.work()
    polled = api.get(f"/jobs/{job_id}").get_json()
    assert polled["status"] == "failed" and polled["result_url"] is None
    assert polled["message"] == "It could not be made: No audits in this wave."
    assert any(r.name == "audit.jobs" and r.levelname == "ERROR" for r in caplog.records)


def test_wave_summary_reports_its_stages(app_ctx, wave):
    stages = []
    wave_report(wave["acme"], parse_filters({"wave": "W1"}), lambda *step: stages.append(step))
    assert stages == [(10, "reading"), (40, "building")]
